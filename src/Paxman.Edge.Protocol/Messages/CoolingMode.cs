namespace Paxman.Edge.Protocol;

/// <summary>SET_STATE.mode (protocol.md, "0x02 SET_STATE").</summary>
public enum CoolingMode : byte
{
    /// <summary>0: compressor 0, pump off, valves closed whatever the other fields say; only the fan bit is honoured.</summary>
    Safe = 0,

    /// <summary>1: the MCU drives the outputs as commanded, subject to its own protections.</summary>
    Cool = 1,
}
