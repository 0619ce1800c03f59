namespace Paxman.Edge.Simulation.Board;

/// <summary>An output line left driven by the host, in a <see cref="BoardSnapshot"/>.</summary>
public sealed record DrivenLine
{
    /// <summary>The line (<see cref="Core.Board.BoardPins"/>).</summary>
    public int Pin { get; init; }

    /// <summary>The level on it: true = High.</summary>
    public bool High { get; init; }
}
