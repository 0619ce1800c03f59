namespace Paxman.Edge.Protocol;

/// <summary>HELLO_ACK.reset_reason: why the MCU last started.</summary>
public enum ResetReason : byte
{
    /// <summary>0: power-on.</summary>
    PowerOn = 0,

    /// <summary>1: the hardware watchdog.</summary>
    Watchdog = 1,

    /// <summary>2: the host pulsed the reset line.</summary>
    HostResetLine = 2,

    /// <summary>3: brown-out (latches brown-out at start, safety.md).</summary>
    BrownOut = 3,

    /// <summary>4: a software reset.</summary>
    Software = 4,
}
