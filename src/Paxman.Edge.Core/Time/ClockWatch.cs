using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Core.Time;

/// <summary>
/// Watches the wall clock against the monotonic timeline, once a tick (README, "Time the unit can vouch for"): a jump of
/// more than <see cref="ClockSteps.Threshold"/> between two ticks is a step; whether the clock is synchronised is read
/// once a second, and each change is reported once (<see cref="SyncChanged"/>, journaled as a unit event);
/// unsynchronised for <see cref="ClockUnsyncedCondition.DetectionTime"/> of the unit's timeline sets
/// <see cref="Unsynced"/>. The timeline carries on over a host restart, and so does the count: see <see cref="Resume"/>.
/// </summary>
public sealed class ClockWatch(IClockSync sync)
{
    /// <summary>The unit event journaled when the clock stops being synchronised.</summary>
    public const string UnsyncedEvent = "clock-unsynced";

    /// <summary>The unit event journaled when the clock is synchronised again.</summary>
    public const string SyncedEvent = "clock-synced";

    private static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(1);
    private TimeSpan? _lastTimeline;
    private DateTimeOffset _lastWall;
    private TimeSpan _nextRead;
    private TimeSpan? _unsyncedSince;
    private bool _reportedSynchronised = true;

    /// <summary>The alarm raised after an hour unsynchronised.</summary>
    public ClockUnsyncedCondition Unsynced { get; } = new();

    /// <summary>Whether the clock was synchronised at the last read.</summary>
    public bool Synchronised { get; private set; } = true;

    /// <summary>The step found by the last <see cref="Observe"/>, or zero.</summary>
    public TimeSpan Step { get; private set; }

    /// <summary>The last <see cref="Observe"/> found the clock's synchronisation changed: its new state; otherwise null.</summary>
    public bool? SyncChanged { get; private set; }

    /// <summary>
    /// At start-up, before the first <see cref="Observe"/>: the journal's newest clock-sync event. A clock that was
    /// unsynchronised when the host stopped, and still is, counts its hour from when it was first found so (on the
    /// timeline, which spans the restart), so that restarts cannot keep the alarm from ever being raised.
    /// </summary>
    public void Resume(UnitEventWrite? lastClockSync)
    {
        if (lastClockSync is { Kind: UnsyncedEvent } unsynced)
        {
            _unsyncedSince = unsynced.Timeline;
            _reportedSynchronised = false;
        }
    }

    /// <summary>One tick: <paramref name="timeline"/> is the monotonic timeline, <paramref name="wall"/> the wall clock.</summary>
    public void Observe(TimeSpan timeline, DateTimeOffset wall)
    {
        Step = TimeSpan.Zero;
        SyncChanged = null;
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
            if (Synchronised != _reportedSynchronised)
            {
                SyncChanged = _reportedSynchronised = Synchronised;
            }
        }

        Unsynced.Set(_unsyncedSince is { } since && timeline - since >= Unsynced.DetectionTime);
    }
}
