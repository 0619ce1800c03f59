using System.Globalization;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// The unit's alarm system in IEC 60601-1-8 terms: conditions evaluated each tick become occurrences
/// (raised, acknowledged, cleared); high priority latches until acknowledged and its condition is gone; medium and
/// low clear with their condition. Signals: the audible one follows the highest-priority unacknowledged
/// occurrence unless audio is paused (2 minutes); the visual one (the beacon) follows every open occurrence.
/// Runs on the engine's thread only.
/// </summary>
public sealed class AlarmSystem
{
    /// <summary>How long an audio pause lasts (IEC 60601-1-8's usual 2 minutes).</summary>
    public static readonly TimeSpan AudioPauseDuration = TimeSpan.FromMinutes(2);

    private readonly List<AlarmOccurrence> _open = [];
    private readonly List<AlarmChange> _changes = [];
    private readonly Dictionary<AlarmCondition, AlarmOccurrence> _byCondition = new(ReferenceEqualityComparer.Instance);
    private long _sequence;
    private TimeSpan? _audioPausedUntil;
    private int _version;

    /// <summary>Occurrences raised or acknowledged and not yet cleared, oldest first.</summary>
    public IReadOnlyList<AlarmOccurrence> Open => _open;

    /// <summary>Changes not yet taken by <see cref="ClearChanges"/> (for MQTT and the journal), oldest first.</summary>
    public IReadOnlyList<AlarmChange> Changes => _changes;

    /// <summary>Counts every change, so readers can tell cheaply whether the list moved.</summary>
    public int Version => _version;

    /// <summary>When the audio pause ends, or null when audio is not paused.</summary>
    public TimeSpan? AudioPausedUntil => _audioPausedUntil;

    /// <summary>Starts a tick: ends an audio pause that ran out.</summary>
    public void BeginTick(TimeSpan now)
    {
        if (_audioPausedUntil is { } until && now >= until)
        {
            _audioPausedUntil = null;
        }
    }

    /// <summary>The reader of <see cref="Changes"/> has published them: they are forgotten.</summary>
    public void ClearChanges() => _changes.Clear();

    /// <summary>Applies one condition's evaluation at <paramref name="now"/>.</summary>
    public void Update(AlarmCondition condition, bool active, TimeSpan now, DateTimeOffset wallNow)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _byCondition.TryGetValue(condition, out var occurrence);
        if (active)
        {
            if (occurrence is null)
            {
                _sequence++;
                var id = string.Create(CultureInfo.InvariantCulture, $"{wallNow.UtcDateTime:yyyyMMdd'T'HHmmss}-{_sequence}-{condition.Code}");
                occurrence = new AlarmOccurrence(id, condition, wallNow, now);
                _byCondition[condition] = occurrence;
                _open.Add(occurrence);
                Record(occurrence, AlarmOccurrenceState.Raised, wallNow);
            }

            occurrence.ConditionActive = true;
            return;
        }

        if (occurrence is null)
        {
            return;
        }

        occurrence.ConditionActive = false;
        if (!occurrence.Latching || occurrence.State == AlarmOccurrenceState.Acknowledged)
        {
            Clear(occurrence, wallNow);
        }
    }

    /// <summary>A person acknowledges an occurrence: its audible signal stops; a latched one whose condition is gone clears.</summary>
    public AckResult Acknowledge(string alarmId, DateTimeOffset wallNow)
    {
        var occurrence = _open.Find(o => o.AlarmId == alarmId);
        if (occurrence is null)
        {
            return AckResult.NotFound;
        }

        if (occurrence.State == AlarmOccurrenceState.Acknowledged)
        {
            return AckResult.AlreadyAcknowledged;
        }

        Record(occurrence, AlarmOccurrenceState.Acknowledged, wallNow);
        if (!occurrence.ConditionActive)
        {
            Clear(occurrence, wallNow);
        }

        return AckResult.Acknowledged;
    }

    /// <summary>Pauses every audible signal for <see cref="AudioPauseDuration"/>; visual signals go on.</summary>
    public TimeSpan PauseAudio(TimeSpan now)
    {
        var until = now + AudioPauseDuration;
        _audioPausedUntil = until;
        _version++;
        return until;
    }

    /// <summary>The priority the buzzer sounds now: the highest unacknowledged one, unless audio is paused.</summary>
    public AlarmPriority? Sounding()
    {
        if (_audioPausedUntil is not null)
        {
            return null;
        }

        AlarmPriority? highest = null;
        foreach (var occurrence in _open)
        {
            if (occurrence.State == AlarmOccurrenceState.Raised && (highest is null || occurrence.Priority > highest))
            {
                highest = occurrence.Priority;
            }
        }

        return highest;
    }

    /// <summary>The highest priority among open occurrences (the visual signal), or null.</summary>
    public AlarmPriority? HighestOpen()
    {
        AlarmPriority? highest = null;
        foreach (var occurrence in _open)
        {
            if (highest is null || occurrence.Priority > highest)
            {
                highest = occurrence.Priority;
            }
        }

        return highest;
    }

    /// <summary>True while some high-priority occurrence waits for a person's acknowledgement.</summary>
    public bool AnyHighUnacknowledged()
    {
        foreach (var occurrence in _open)
        {
            if (occurrence.Condition.HoldsSafeState && occurrence.State == AlarmOccurrenceState.Raised)
            {
                return true;
            }
        }

        return false;
    }

    private void Clear(AlarmOccurrence occurrence, DateTimeOffset wallNow)
    {
        _open.Remove(occurrence);
        _byCondition.Remove(occurrence.Condition);
        Record(occurrence, AlarmOccurrenceState.Cleared, wallNow);
    }

    private void Record(AlarmOccurrence occurrence, AlarmOccurrenceState state, DateTimeOffset at)
    {
        occurrence.State = state;
        _changes.Add(new AlarmChange(occurrence, state, at));
        _version++;
    }
}
