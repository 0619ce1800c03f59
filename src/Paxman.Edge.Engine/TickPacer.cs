namespace Paxman.Edge.Engine;

/// <summary>
/// Paces engine ticks on a fixed grid of deadlines (start + n * period) and counts lateness.
/// Pure arithmetic on monotonic timestamps, so the real-time driver stays a thin loop and this is tested directly.
/// A tick that falls behind is never made up by running ticks back to back ("bunching"): the missed
/// deadlines are skipped and counted late, and each tick measures its own dt from timestamps.
/// </summary>
public sealed class TickPacer
{
    private readonly long _periodTicks;
    private readonly long _lateThreshold;
    private long _deadline;

    /// <param name="period">The tick period (100 ms on real hardware).</param>
    /// <param name="start">Monotonic timestamp of the first deadline.</param>
    /// <param name="timestampFrequency">Timestamp units per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public TickPacer(TimeSpan period, long start, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _periodTicks = (long)(period.TotalSeconds * timestampFrequency);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_periodTicks, 0, nameof(period));
        // A tick that starts more than half a period after its deadline is late.
        _lateThreshold = _periodTicks / 2;
        _deadline = start;
    }

    /// <summary>Ticks that started late, plus deadlines skipped because the loop fell behind.</summary>
    public long LateTicks { get; private set; }

    /// <summary>Deadlines skipped without a tick.</summary>
    public long SkippedTicks { get; private set; }

    /// <summary>Call when a tick starts at <paramref name="now"/>; counts it late when it is.</summary>
    public void TickStarted(long now)
    {
        if (now - _deadline > _lateThreshold)
        {
            LateTicks++;
        }
    }

    /// <summary>
    /// Call when a tick has finished; moves to the next deadline that is still ahead of <paramref name="now"/>
    /// and returns how long to wait for it, in timestamp units (never negative).
    /// </summary>
    public long TickFinished(long now)
    {
        _deadline += _periodTicks;
        if (now - _deadline > _lateThreshold)
        {
            // Behind by more than half a period: skip to the first deadline still ahead, do not bunch.
            var skipped = ((now - _deadline) / _periodTicks) + 1;
            _deadline += skipped * _periodTicks;
            SkippedTicks += skipped;
            LateTicks += skipped;
        }

        return Math.Max(0, _deadline - now);
    }
}
