namespace Paxman.Edge.Simulation.Board;

/// <summary>
/// The board's physical state that belongs to neither the plant nor the MCU (<see cref="SimulatedBoardDriver.Capture"/>):
/// the STOP button, broken input wires, and the levels the host last drove on its outputs, which stay on the wires
/// when the host's process ends (Linux keeps a released line's level). Caps and the MCU fault line follow the plant
/// and the MCU.
/// </summary>
public sealed record BoardSnapshot
{
    public bool StopPressed { get; init; }

    /// <summary><c>relay-welded</c> is on.</summary>
    public bool RelayWelded { get; init; }

    /// <summary><c>buzzer-open</c> is on.</summary>
    public bool BuzzerOpen { get; init; }

    /// <summary>Input lines whose wire is broken.</summary>
    public IReadOnlyList<int> BrokenWires { get; init; } = [];

    /// <summary>Output lines the host had configured as outputs, with the level it left on each.</summary>
    public IReadOnlyList<DrivenLine> DrivenOutputs { get; init; } = [];
}
