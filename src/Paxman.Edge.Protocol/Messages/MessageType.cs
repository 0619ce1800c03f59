namespace Paxman.Edge.Protocol;

/// <summary>The type byte of a frame (protocol.md, "Message catalogue"). Host-to-MCU types have bit 7 clear, MCU-to-host types have it set.</summary>
public enum MessageType : byte
{
    /// <summary>0x01, host -> MCU: opens a link.</summary>
    Hello = 0x01,

    /// <summary>0x02, host -> MCU: the full desired state, every tick; also the heartbeat.</summary>
    SetState = 0x02,

    /// <summary>0x03, host -> MCU: asks to clear latched faults.</summary>
    ClearLatch = 0x03,

    /// <summary>0x04, host -> MCU: asks for the fault history.</summary>
    GetFaultReport = 0x04,

    /// <summary>0x10, host -> MCU (document version 1.1): asks for the MCU's range of protocol versions.</summary>
    GetVersions = 0x10,

    /// <summary>0x81, MCU -> host: the answer to HELLO.</summary>
    HelloAck = 0x81,

    /// <summary>0x82, MCU -> host: sent every 100 ms from the MCU's timer.</summary>
    Status = 0x82,

    /// <summary>0x83, MCU -> host: the answer to GET_FAULT_REPORT.</summary>
    FaultReport = 0x83,

    /// <summary>0x84, MCU -> host: the answer to CLEAR_LATCH.</summary>
    ClearLatchResult = 0x84,

    /// <summary>0x85, MCU -> host: a valid frame the MCU refused.</summary>
    Error = 0x85,

    /// <summary>0x90, MCU -> host (document version 1.1): the answer to GET_VERSIONS.</summary>
    Versions = 0x90,
}
