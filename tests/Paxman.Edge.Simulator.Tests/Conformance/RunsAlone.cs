namespace Paxman.Edge.Simulator.Tests.Conformance;

/// <summary>
/// The conformance suite runs in real time against windows of a few hundred milliseconds: it runs alone, never beside
/// the project's CPU-heavy scenario and crash-torture tests on this 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "real-time conformance";
}
