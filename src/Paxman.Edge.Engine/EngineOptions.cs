using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Engine;

/// <summary>What the engine's logic is tuned with: control and safety thresholds, and who owns cooling demand.</summary>
public sealed record EngineOptions
{
    public ControlOptions Control { get; init; } = new();

    public SafetyOptions Safety { get; init; } = new();

    /// <summary>Who decides whether a channel wants cooling (sessions, once they exist).</summary>
    public ICoolingDemand Demand { get; init; } = new CapConnectedDemand();

    /// <summary>How the compressor follows the temperature; null for the PID of <see cref="Control"/>.</summary>
    public ICompressorLaw? CompressorLaw { get; init; }
}
