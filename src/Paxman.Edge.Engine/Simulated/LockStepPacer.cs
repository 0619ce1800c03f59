namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// Paces lock-step ticks in Simulated mode so that device time runs <c>timeScale</c> times faster than real
/// time: it says how many whole ticks are due at a real instant (several per real millisecond at high scales).
/// Device time never skips: each tick is exactly one period of device time. When the machine cannot keep up
/// and real time runs more than <c>maxLag</c> ahead of the schedule, the ticks owed are counted late and the
/// schedule is re-anchored, so the simulation runs slower than asked instead of bunching to catch up.
/// Pure arithmetic on real timestamps, so it is tested directly.
/// </summary>
public sealed class LockStepPacer
{
    private readonly double _realSecondsPerTick;
    private readonly long _frequency;
    private readonly double _maxLagSeconds;
    private long _anchor;
    private long _ticksSinceAnchor;

    /// <param name="devicePeriod">Device time per tick (100 ms).</param>
    /// <param name="timeScale">Device seconds per real second, 1..1000.</param>
    /// <param name="realStart">Real timestamp of the start.</param>
    /// <param name="realFrequency">Real timestamp units per second.</param>
    /// <param name="maxLag">How far behind its schedule the simulation may fall before the ticks owed count as late.</param>
    public LockStepPacer(TimeSpan devicePeriod, double timeScale, long realStart, long realFrequency, TimeSpan maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(devicePeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeScale, 0);
        _realSecondsPerTick = devicePeriod.TotalSeconds / timeScale;
        _frequency = realFrequency;
        _maxLagSeconds = maxLag.TotalSeconds;
        _anchor = realStart;
    }

    /// <summary>Ticks owed when the schedule had to be re-anchored (the machine could not keep up).</summary>
    public long LateTicks { get; private set; }

    /// <summary>How often the schedule was re-anchored.</summary>
    public long Slips { get; private set; }

    /// <summary>How many ticks to run now, at most <paramref name="max"/>; call <see cref="Ran"/> after running them.</summary>
    public int Due(long realNow, int max)
    {
        var scheduled = (long)Math.Floor((realNow - _anchor) / (double)_frequency / _realSecondsPerTick);
        var owed = scheduled - _ticksSinceAnchor;
        if (owed * _realSecondsPerTick > _maxLagSeconds)
        {
            LateTicks += owed - 1;
            Slips++;
            _anchor = realNow;
            _ticksSinceAnchor = 0;
            return 1;
        }

        return (int)Math.Clamp(owed, 0, max);
    }

    /// <summary>Records that <paramref name="ticks"/> ticks ran.</summary>
    public void Ran(int ticks) => _ticksSinceAnchor += ticks;

    /// <summary>Real time until the next tick is due (zero when one is due now).</summary>
    public TimeSpan UntilNext(long realNow)
    {
        var dueAt = (_ticksSinceAnchor + 1) * _realSecondsPerTick;
        var elapsed = (realNow - _anchor) / (double)_frequency;
        return TimeSpan.FromSeconds(Math.Max(0, dueAt - elapsed));
    }
}
