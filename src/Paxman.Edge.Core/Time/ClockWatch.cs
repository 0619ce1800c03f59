namespace Paxman.Edge.Core.Time;

/// <summary>
/// Watches the wall clock against the monotonic timeline, once a tick (README, "Time the unit can vouch for"): a jump of
/// more than <see cref="ClockSteps.Threshold"/> between two ticks is a step; whether the clock is synchronised is read
/// once a second; unsynchronised for <see cref="ClockUnsyncedCondition.DetectionTime"/> of device time sets
/// <see cref="Unsynced"/>.
/// </summary>
public sealed class ClockWatch(IClockSync sync)
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(1);
    private TimeSpan? _lastTimeline;
    private DateTimeOffset _lastWall;
    private TimeSpan _nextRead;
    private TimeSpan? _unsyncedSince;

    /// <summary>The alarm raised after an hour unsynchronised.</summary>
    public ClockUnsyncedCondition Unsynced { get; } = new();

    /// <summary>Whether the clock was synchronised at the last read.</summary>
    public bool Synchronised { get; private set; } = true;

    /// <summary>The step found by the last <see cref="Observe"/>, or zero.</summary>
    public TimeSpan Step { get; private set; }

    /// <summary>One tick: <paramref name="timeline"/> is the monotonic timeline, <paramref name="wall"/> the wall clock.</summary>
    public void Observe(TimeSpan timeline, DateTimeOffset wall)
    {
        Step = TimeSpan.Zero;
        if (_lastTimeline is { } last)
        {
            var step = wall - _lastWall - (timeline - last);
            if (step > ClockSteps.Threshold || step < -ClockSteps.Threshold)
            {
                Step = step;
            }
        }

        _lastTimeline = timeline;
        _lastWall = wall;
        if (timeline >= _nextRead)
        {
            _nextRead = timeline + ReadEvery;
            Synchronised = sync.IsSynchronised(wall);
            _unsyncedSince = Synchronised ? null : _unsyncedSince ?? timeline;
        }

        Unsynced.Set(_unsyncedSince is { } since && timeline - since >= Unsynced.DetectionTime);
    }
}
