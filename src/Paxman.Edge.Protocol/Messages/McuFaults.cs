namespace Paxman.Edge.Protocol;

/// <summary>Fault bits (protocol.md, "Message catalogue"; conditions in safety.md). Bits 8..15 are reserved.</summary>
[Flags]
public enum McuFaults : ushort
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>Bit 0: the dead-man expired, no SET_STATE applied for max_duration_ms.</summary>
    HostSilent = 1,

    /// <summary>Bit 1: supply below -11.00 C (the MCU's own trip).</summary>
    OverCooling = 2,

    /// <summary>Bit 2: supply sensor outside -30..+60 C, open or short.</summary>
    SupplySensorRange = 4,

    /// <summary>Bit 3: a return sensor outside -30..+60 C, open or short.</summary>
    ReturnSensorRange = 8,

    /// <summary>Bit 4: the compressor drive reports a fault.</summary>
    CompressorFault = 16,

    /// <summary>Bit 5: the pump drive reports a fault.</summary>
    PumpFault = 32,

    /// <summary>Bit 6: the reservoir level sensor reads empty.</summary>
    ReservoirEmpty = 64,

    /// <summary>Bit 7: the MCU's supply dropped below its brown-out level.</summary>
    BrownOut = 128,
}
