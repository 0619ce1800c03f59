namespace Paxman.Edge.Protocol;

/// <summary>
/// Which message types a receiver accepts. protocol.md ("Rejecting a frame"): the MCU accepts
/// 0x01..0x04, 0x10 only and the host 0x81..0x85, 0x90 only, so a TX line looped back onto RX is rejected as
/// unknown-type. <see cref="Any"/> is for tools and tests.
/// </summary>
[Flags]
public enum FrameDirection
{
    /// <summary>Accepts nothing; not a valid receiver setting.</summary>
    None = 0,

    /// <summary>Host -> MCU types (0x01..0x04, 0x10): what the MCU (or an MCU emulator) receives.</summary>
    ToMcu = 1,

    /// <summary>MCU -> host types (0x81..0x85, 0x90): what the host receives.</summary>
    ToHost = 2,

    /// <summary>Every catalogue type (tools, tests, a line monitor).</summary>
    Any = ToMcu | ToHost,
}
