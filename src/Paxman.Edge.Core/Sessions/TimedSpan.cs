namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// A stretch of a session on the unit's monotonic timeline (durations) with its wall-clock stamps (for people).
/// An open span has no end yet.
/// </summary>
public sealed class TimedSpan
{
    /// <summary>A phase name, or an interruption cause.</summary>
    public required string Name { get; init; }

    public required TimeSpan Start { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public TimeSpan? End { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public bool IsOpen => End is null;

    /// <summary>Ends the span at <paramref name="end"/> (never before its start).</summary>
    public void Close(TimeSpan end, DateTimeOffset endedAt)
    {
        End = end < Start ? Start : end;
        EndedAt = endedAt < StartedAt ? StartedAt : endedAt;
    }
}
