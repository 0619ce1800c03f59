namespace Paxman.Edge.Protocol;

/// <summary>HELLO_ACK.capabilities: which optional sensors the MCU has. Bits 3..15 are reserved.</summary>
[Flags]
public enum Capabilities : ushort
{
    /// <summary>No optional sensor.</summary>
    None = 0,

    /// <summary>Bit 0: a flow sensor per channel.</summary>
    FlowPerChannel = 1,

    /// <summary>Bit 1: a reservoir level sensor.</summary>
    ReservoirLevel = 2,

    /// <summary>Bit 2: a return temperature sensor per channel.</summary>
    ReturnPerChannel = 4,
}
