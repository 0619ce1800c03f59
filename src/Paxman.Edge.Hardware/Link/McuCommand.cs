using Paxman.Edge.Protocol;

namespace Paxman.Edge.Hardware.Link;

/// <summary>The full desired state of the chiller, as the engine wants it this tick (protocol.md, SET_STATE).</summary>
public readonly record struct McuCommand(byte CompressorPct, bool Pump, bool ValveA, bool ValveB, bool Fan, CoolingMode Mode)
{
    /// <summary>Compressor off, pump off, valves closed, fan off: the explicit safe command.</summary>
    public static McuCommand Safe { get; } = new(0, false, false, false, false, CoolingMode.Safe);

    internal Outputs Outputs =>
        (Pump ? Outputs.Pump : Outputs.None)
        | (ValveA ? Outputs.ValveA : Outputs.None)
        | (ValveB ? Outputs.ValveB : Outputs.None)
        | (Fan ? Outputs.Fan : Outputs.None);
}
