using Paxman.Edge.Protocol;

namespace Paxman.Edge.Hardware.Link;

/// <summary>What the engine learns from the link each tick.</summary>
public readonly record struct McuLinkStatus
{
    public required LinkState State { get; init; }

    /// <summary>The last valid STATUS (of any link), or null if none was ever heard.</summary>
    public Status? LastStatus { get; init; }

    /// <summary>The MCU's HELLO_ACK on the current link, or null.</summary>
    public HelloAck? Mcu { get; init; }

    /// <summary>Why the link was refused or failed, for the alarm message; null while healthy.</summary>
    public string? Problem { get; init; }

    public required LinkCounters Counters { get; init; }
}
