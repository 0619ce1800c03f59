namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>The run's final line: how many records, alarm changes and refusals were written, and how long it ran.</summary>
/// <param name="DeviceSeconds">Device time simulated, from power-on to <c>runUntil</c>.</param>
/// <param name="WallSeconds">Real time the run took (the one figure that differs between runs of the same file).</param>
internal sealed record ScenarioSummary(int Records, int Alarms, int Refused, double DeviceSeconds, double WallSeconds)
{
    /// <summary>Device seconds per wall second.</summary>
    public double Speed => WallSeconds > 0 ? DeviceSeconds / WallSeconds : double.PositiveInfinity;
}
