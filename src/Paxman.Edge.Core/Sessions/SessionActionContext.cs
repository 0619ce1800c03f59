using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Ticking;

namespace Paxman.Edge.Core.Sessions;

/// <summary>What a nurse action sees of the unit when it runs (at the start of a tick, on the engine's thread).</summary>
/// <param name="Now">The unit's monotonic timeline.</param>
/// <param name="Wall">The wall clock, for stamps.</param>
/// <param name="Ready">The coolant is ready to treat.</param>
/// <param name="SafeState">The unit holds its safe state.</param>
/// <param name="CapA">Cap A's hose is plugged in.</param>
/// <param name="CapB">Cap B's hose is plugged in.</param>
/// <param name="SupplyC">The coolant supply temperature, for refusal texts.</param>
/// <param name="SetpointC">The coolant setpoint, for refusal texts.</param>
/// <param name="FreeBytes">Free space on the data partition, or null when unknown.</param>
public readonly record struct SessionActionContext(
    TimeSpan Now,
    DateTimeOffset Wall,
    bool Ready,
    bool SafeState,
    bool CapA,
    bool CapB,
    double? SupplyC,
    double SetpointC,
    AlarmSystem Alarms,
    TickOutput Output,
    long? FreeBytes = null)
{
    public bool CapConnected(CapChannel channel) => channel == CapChannel.A ? CapA : CapB;
}
