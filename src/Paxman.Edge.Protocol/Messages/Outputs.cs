namespace Paxman.Edge.Protocol;

/// <summary>Output bits of SET_STATE.outputs and STATUS.outputs (protocol.md, "Message catalogue"). Bits 5..7 are reserved.</summary>
[Flags]
public enum Outputs : byte
{
    /// <summary>Everything off.</summary>
    None = 0,

    /// <summary>Bit 0: coolant pump on.</summary>
    Pump = 1,

    /// <summary>Bit 1: channel A valve open.</summary>
    ValveA = 2,

    /// <summary>Bit 2: channel B valve open.</summary>
    ValveB = 4,

    /// <summary>Bit 3: condenser fan on.</summary>
    Fan = 8,

    /// <summary>Bit 4, STATUS only: the compressor is actually running. Reserved (must be 0) in SET_STATE.</summary>
    CompressorRunning = 16,
}
