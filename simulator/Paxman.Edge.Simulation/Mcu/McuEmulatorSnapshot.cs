using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// Everything a running <see cref="McuEmulator"/> holds (<see cref="McuEmulator.Capture"/>,
/// <see cref="McuEmulator.Restore"/>): its timers, its link and sequence numbers, the dead-man, the debounced
/// conditions, the latches with the first fault and trip count, and its outputs. The firmware constants are not
/// part of it: they come with the unit's options. A partly received frame is not kept (the host sends whole frames).
/// </summary>
public sealed record McuEmulatorSnapshot
{
    /// <summary>Why this boot happened (HELLO_ACK.reset_reason).</summary>
    public ResetReason ResetReason { get; init; }

    public uint UptimeMs { get; init; }

    public uint NextStatusAtMs { get; init; }

    public ushort StatusSeq { get; init; }

    /// <summary>The current link's id; 0 before the first HELLO.</summary>
    public ushort LinkId { get; init; }

    public ushort HelloRequestId { get; init; }

    public uint LastAppliedCmdSeq { get; init; }

    /// <summary>The last applied SET_STATE while it is still wanted; null = safe.</summary>
    public McuCommandSnapshot? Desired { get; init; }

    public bool DeadManArmed { get; init; }

    public uint LastAppliedAtMs { get; init; }

    public bool HostSilentActive { get; init; }

    public ushort LastClearRequestId { get; init; }

    /// <summary>The answer to the last CLEAR_LATCH, repeated for a retry.</summary>
    public McuFaults LastClearCleared { get; init; }

    public McuFaults LastClearStillLatched { get; init; }

    public McuFaults Latched { get; init; }

    public McuFaults Active { get; init; }

    public McuFaults FirstFault { get; init; }

    public uint FirstFaultAtMs { get; init; }

    public ushort TripCount { get; init; }

    public DebounceState OverCooling { get; init; } = new();

    public DebounceState SupplyRange { get; init; } = new();

    public DebounceState ReturnRange { get; init; } = new();

    public DebounceState ReservoirEmpty { get; init; } = new();

    /// <summary>What the MCU drives on its pins.</summary>
    public McuDrive Drive { get; init; }
}
