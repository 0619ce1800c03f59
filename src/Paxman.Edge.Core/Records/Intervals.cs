namespace Paxman.Edge.Core.Records;

/// <summary>
/// Interval arithmetic on the monotonic timeline for interruptions (README, "Session record"): overlapping
/// interruptions count once, so a phase's interrupted time is the union of the interruptions clipped to the phase.
/// </summary>
public static class Intervals
{
    private const int StackLimit = 32;

    /// <summary>
    /// How much of the phase <c>[phaseStart, phaseEnd)</c> the union of <paramref name="intervals"/> covers. An interval
    /// or phase without an end runs to <paramref name="now"/>. Intervals may overlap, nest, touch or lie outside the
    /// phase; zero-length ones count nothing.
    /// </summary>
    /// <exception cref="ArgumentException">An interval or the phase ends before it starts, or starts after <paramref name="now"/> while still running.</exception>
    public static TimeSpan CoveredWithin(ReadOnlySpan<TimelineInterval> intervals, TimeSpan phaseStart, TimeSpan? phaseEnd, TimeSpan now)
    {
        var end = EndOf(phaseStart, phaseEnd, now, "The phase");
        Span<(long Start, long End)> clipped = intervals.Length <= StackLimit
            ? stackalloc (long, long)[intervals.Length]
            : new (long, long)[intervals.Length];
        var count = 0;
        foreach (var interval in intervals)
        {
            var intervalEnd = EndOf(interval.Start, interval.End, now, "An interval");
            var from = Math.Max(interval.Start.Ticks, phaseStart.Ticks);
            var to = Math.Min(intervalEnd.Ticks, end.Ticks);
            if (to > from)
            {
                clipped[count++] = (from, to);
            }
        }

        var pieces = clipped[..count];
        pieces.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        long total = 0;
        long coveredTo = long.MinValue;
        foreach (var (from, to) in pieces)
        {
            // Sorted by start: only the part beyond what is already covered is new.
            var newFrom = Math.Max(from, coveredTo);
            if (to > newFrom)
            {
                total += to - newFrom;
                coveredTo = to;
            }
        }

        return TimeSpan.FromTicks(total);
    }

    /// <inheritdoc cref="CoveredWithin(ReadOnlySpan{TimelineInterval}, TimeSpan, TimeSpan?, TimeSpan)"/>
    public static TimeSpan CoveredWithin(IEnumerable<TimelineInterval> intervals, TimeSpan phaseStart, TimeSpan? phaseEnd, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        return CoveredWithin(intervals is TimelineInterval[] array ? array : [.. intervals], phaseStart, phaseEnd, now);
    }

    /// <summary>Whole seconds in <paramref name="duration"/>, rounded down (towards negative infinity).</summary>
    public static long FloorSeconds(TimeSpan duration)
    {
        var seconds = Math.DivRem(duration.Ticks, TimeSpan.TicksPerSecond, out var remainder);
        return remainder < 0 ? seconds - 1 : seconds;
    }

    private static TimeSpan EndOf(TimeSpan start, TimeSpan? end, TimeSpan now, string what)
    {
        if (end is { } e)
        {
            return e >= start ? e : throw new ArgumentException($"{what} ends ({e}) before it starts ({start}).", nameof(end));
        }

        return now >= start ? now : throw new ArgumentException($"{what} is still running but starts ({start}) after now ({now}).", nameof(now));
    }
}
