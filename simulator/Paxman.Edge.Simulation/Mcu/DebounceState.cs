namespace Paxman.Edge.Simulation.Mcu;

/// <summary>The saved state of one of the MCU's debounced fault conditions.</summary>
public sealed record DebounceState
{
    /// <summary>The debounced condition.</summary>
    public bool Active { get; init; }

    /// <summary>Consecutive samples seen against it so far, 0..3.</summary>
    public int Run { get; init; }
}
