namespace Paxman.Edge.Core.Board;

/// <summary>The status beacon's colour.</summary>
public enum Beacon
{
    Off,
    Green,
    Amber,
    Red,
}

/// <summary>The board's outputs as the engine drives them at the end of a tick.</summary>
public readonly record struct BoardOutputs(bool CoolingEnable, bool Buzzer, Beacon Beacon)
{
    /// <summary>The safe state of the board: cooling-enable low, buzzer silent, beacon red.</summary>
    public static BoardOutputs Safe => new(CoolingEnable: false, Buzzer: false, Beacon.Red);
}
