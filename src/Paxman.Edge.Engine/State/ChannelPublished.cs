using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Engine.State;

/// <summary>One channel's session figures as a tick publishes them: values and references held by the session, no allocation.</summary>
internal readonly record struct ChannelPublished(
    SessionPhase Phase,
    string? SessionId,
    string? Outcome,
    long ElapsedSeconds,
    long? RemainingSeconds,
    Interruption Interrupted)
{
    /// <summary>The channel as the engine sees it this tick: its session's state and the supervisor's interruptions.</summary>
    public static ChannelPublished Of(SessionChannel channel, TimeSpan now, Interruption supervisor)
    {
        if (channel.Session is not { } s)
        {
            return new ChannelPublished(SessionPhase.Idle, null, null, 0, null, supervisor);
        }

        var since = s.IsFinal ? s.Opened : s.CurrentPhase?.Start ?? s.Opened;
        var until = s.IsFinal ? s.Ended ?? now : now;
        var remaining = s.Remaining(now) is { } left ? (long)Math.Ceiling(left.TotalSeconds) : (long?)null;
        return new ChannelPublished(s.Phase, s.SessionId, s.Outcome, (long)(until - since).TotalSeconds, remaining,
            s.IsFinal ? Interruption.None : s.OpenCauses | supervisor);
    }
}
