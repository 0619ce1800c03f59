using Paxman.Edge.Simulation.Mcu;

namespace Paxman.Edge.Simulation.Continuity;

/// <summary>
/// The serial cable between host and MCU in a <see cref="SimulatedUnitSnapshot"/>: its faults (<c>link-down</c> is
/// both directions cut, <c>link-host-to-mcu-down</c> the host's alone; <c>link-noise</c> is a bit error rate on both)
/// and each direction's noise stream.
/// </summary>
public sealed record CableSnapshot
{
    /// <summary>False: the host's transmit line is cut.</summary>
    public bool HostToMcu { get; init; } = true;

    /// <summary>False: the MCU's transmit line is cut.</summary>
    public bool McuToHost { get; init; } = true;

    public LineNoiseState ToMcu { get; init; } = new();

    public LineNoiseState ToHost { get; init; } = new();
}
