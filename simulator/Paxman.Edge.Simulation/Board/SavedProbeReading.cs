using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Simulation.Board;

/// <summary>The safety probe's last reading in a saved unit, with its age then (so it is neither fresh nor lost after a restore).</summary>
public sealed record SavedProbeReading
{
    /// <summary>The temperature, C; null when <see cref="Fault"/> says why not.</summary>
    public double? Celsius { get; init; }

    public ProbeFault Fault { get; init; }

    /// <summary>Device time from the reading to the snapshot.</summary>
    public TimeSpan Age { get; init; }
}
