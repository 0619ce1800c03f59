using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>What happened inside the emulated MCU, stamped with its own uptime, for tests and the operator.</summary>
public abstract record McuEvent(uint UptimeMs);

/// <summary>A SET_STATE was applied (the only thing that refreshes the dead-man).</summary>
public sealed record CommandApplied(uint UptimeMs, SetState Command) : McuEvent(UptimeMs);

/// <summary>The dead-man expired: the outputs went safe and host-silent latched.</summary>
/// <param name="LastAppliedAtMs">Uptime of the last applied SET_STATE.</param>
public sealed record DeadManExpired(uint UptimeMs, uint LastAppliedAtMs) : McuEvent(UptimeMs);

/// <summary>Fault bits went from clear to latched.</summary>
public sealed record FaultsLatched(uint UptimeMs, McuFaults Faults) : McuEvent(UptimeMs);

/// <summary>Latches were cleared by CLEAR_LATCH.</summary>
public sealed record LatchesCleared(uint UptimeMs, McuFaults Faults, bool ByPerson) : McuEvent(UptimeMs);

/// <summary>A HELLO opened a new link.</summary>
public sealed record LinkOpened(uint UptimeMs, ushort LinkId) : McuEvent(UptimeMs);

/// <summary>A valid frame was refused with an ERROR.</summary>
public sealed record FrameRefused(uint UptimeMs, MessageType Type, ErrorCode Code) : McuEvent(UptimeMs);
