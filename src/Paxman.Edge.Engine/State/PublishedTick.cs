using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.State;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine.State;

/// <summary>One tick's figures as published: values only (the alarm list is rebuilt only when it changes), so publishing allocates nothing.</summary>
internal readonly record struct PublishedTick(
    long Ticks,
    long LateTicks,
    double DeviceSeconds,
    bool? McuLinked,
    Status? Status,
    BoardInputs? Board,
    ChannelPublished A,
    ChannelPublished B,
    IReadOnlyList<AlarmState>? Alarms,
    bool Ready,
    double SetpointC,
    DateTimeOffset At)
{
    public static PublishedTick Initial { get; } = new(0, 0, 0, null, null, null, default, default, null, false, 0, default);
}
