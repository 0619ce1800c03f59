using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Sessions;

/// <summary>What the sessions step (engine step 6) reads each tick, after safety and control.</summary>
/// <param name="Now">The unit's monotonic timeline.</param>
/// <param name="Wall">The wall clock, for stamps.</param>
/// <param name="UptimeToTimeline">Added to a device uptime (the supervisor's stamps) to place it on the timeline.</param>
/// <param name="Events">The supervisor's interruption starts and ends of this tick.</param>
/// <param name="SupplyC">The coolant supply temperature, or null when unknown.</param>
/// <param name="SafeState">The unit holds its safe state (a resume cannot be asked for yet).</param>
/// <param name="ClockSynced">The wall clock is synchronised this tick (README, "Time the unit can vouch for").</param>
/// <param name="ClockStep">How far the wall clock jumped against the timeline since the last tick, when more than 2 s; else zero.</param>
public readonly record struct SessionTickInput(
    TimeSpan Now,
    DateTimeOffset Wall,
    TimeSpan UptimeToTimeline,
    bool CapA,
    bool CapB,
    Interruption CausesA,
    Interruption CausesB,
    IReadOnlyList<InterruptionEvent> Events,
    double? SupplyC,
    bool SafeState,
    bool ClockSynced = true,
    TimeSpan ClockStep = default)
{
    public bool CapConnected(CapChannel channel) => channel == CapChannel.A ? CapA : CapB;

    public Interruption Causes(CapChannel channel) => channel == CapChannel.A ? CausesA : CausesB;

    /// <summary>The wall-clock stamp of an earlier instant of the timeline.</summary>
    public DateTimeOffset WallAt(TimeSpan timeline) => Wall - (Now - timeline);
}
