using System.Globalization;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// The unit's alarm system in IEC 60601-1-8 terms: conditions evaluated each tick become occurrences
/// (raised, acknowledged, cleared); high priority latches until a person acknowledges it after its condition has
/// ended (an acknowledgement while it holds only silences it); medium and low clear with their condition. Signals: the audible one follows the highest-priority unacknowledged
/// occurrence unless audio is paused (2 minutes; a new occurrence of equal or higher priority than the paused ones
/// ends the pause, IEC 60601-1-8); the visual one (the beacon) follows every open occurrence.
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
    private AlarmPriority? _pausedPriority;
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
            EndAudioPause();
        }
    }

    /// <summary>The reader of <see cref="Changes"/> has published them: they are forgotten.</summary>
    public void ClearChanges() => _changes.Clear();

    /// <summary>
    /// Applies one condition's evaluation at <paramref name="now"/>; returns its open occurrence, or null. A latched
    /// (high-priority) occurrence stays open once its condition ends, until a person resets it
    /// (<see cref="Acknowledge"/>); medium and low clear with their condition. With <paramref name="pendingReset"/>
    /// (<see cref="AlarmCondition.PendingReset"/>) an inactive condition still raises an occurrence, already ended.
    /// </summary>
    public AlarmOccurrence? Update(AlarmCondition condition, bool active, TimeSpan now, DateTimeOffset wallNow, bool pendingReset = false)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _byCondition.TryGetValue(condition, out var occurrence);
        if (active || (pendingReset && occurrence is null))
        {
            occurrence ??= Raise(condition, now, wallNow);

            // An event (a restart) has no condition that lasts: the first acknowledgement resets it.
            SetConditionActive(occurrence, active && !condition.IsEvent);
            return occurrence;
        }

        if (occurrence is null)
        {
            return null;
        }

        // A restored trip is taken as present until its condition's rule has had time to see the fault again.
        SetConditionActive(occurrence, occurrence.Restored && now < occurrence.UndecidedUntil);
        if (!occurrence.Latching)
        {
            Clear(occurrence, wallNow);
            return null;
        }

        return occurrence;
    }

    /// <summary>The open occurrence of <paramref name="condition"/>, or null.</summary>
    public AlarmOccurrence? Find(AlarmCondition condition) => _byCondition.GetValueOrDefault(condition);

    /// <summary>
    /// A person acknowledges an occurrence: its audible signal stops. While its condition holds that is all (IEC
    /// 60601-1-8: it silences, it does not reset); once its condition has ended, the acknowledgement resets it (it
    /// clears), whether or not it was acknowledged before.
    /// </summary>
    public AckResult Acknowledge(string alarmId, DateTimeOffset wallNow)
    {
        var occurrence = _open.Find(o => o.AlarmId == alarmId);
        if (occurrence is null)
        {
            return AckResult.NotFound;
        }

        if (occurrence.ConditionActive)
        {
            if (occurrence.State == AlarmOccurrenceState.Acknowledged)
            {
                return AckResult.AlreadyAcknowledged;
            }

            Record(occurrence, AlarmOccurrenceState.Acknowledged, wallNow);
            return AckResult.Acknowledged;
        }

        if (occurrence.State == AlarmOccurrenceState.Raised)
        {
            Record(occurrence, AlarmOccurrenceState.Acknowledged, wallNow);
        }

        Clear(occurrence, wallNow);
        return AckResult.Acknowledged;
    }

    /// <summary>
    /// An occurrence an earlier run of the host raised and did not reset, restored from the journal at start-up
    /// (README, "Safety"): open again under its own id, with its state, bound to <paramref name="condition"/>. Its
    /// condition is taken as present until <paramref name="undecidedUntil"/> (uptime) and then follows the condition's
    /// live evaluation, so a person's acknowledgement resets it only once the condition is seen to have ended. An event
    /// (a restart) has no condition that lasts. It makes no change (the journal has it).
    /// </summary>
    /// <param name="demanded">What it goes on demanding until a person resets it (the safe state, for a trip).</param>
    public AlarmOccurrence Restore(AlarmCondition condition, string alarmId, DateTimeOffset raisedAt, AlarmOccurrenceState state, string message,
        SafetyAction demanded, TimeSpan now, TimeSpan undecidedUntil)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (_byCondition.ContainsKey(condition))
        {
            throw new InvalidOperationException($"{condition.Code} already has an open occurrence");
        }

        var occurrence = new AlarmOccurrence(alarmId, condition, raisedAt, TimeSpan.Zero, StripEndedNote(message))
        {
            State = state,
            ConditionActive = !condition.IsEvent && now < undecidedUntil,
            Restored = true,
            Demanded = demanded,
            UndecidedUntil = undecidedUntil,
        };
        _byCondition[condition] = occurrence;
        _open.Add(occurrence);
        _version++;
        return occurrence;
    }

    /// <summary>
    /// Closes an occurrence an earlier run of the host left open and that does not outlive it (medium and low clear
    /// with their condition, which nobody observes any more): a cleared change at <paramref name="wallNow"/>.
    /// </summary>
    public void Close(AlarmCondition condition, string alarmId, DateTimeOffset raisedAt, string message, DateTimeOffset wallNow)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var occurrence = new AlarmOccurrence(alarmId, condition, raisedAt, TimeSpan.Zero, StripEndedNote(message)) { ConditionActive = false, Restored = true };
        Record(occurrence, AlarmOccurrenceState.Cleared, wallNow);
    }

    /// <summary>
    /// Pauses every audible signal for <see cref="AudioPauseDuration"/>; visual signals go on. The pause covers the
    /// occurrences sounding now: a new occurrence of equal or higher priority than the highest of them (any new
    /// occurrence, when none was sounding) ends it at once (IEC 60601-1-8).
    /// </summary>
    public TimeSpan PauseAudio(TimeSpan now)
    {
        var until = now + AudioPauseDuration;
        var sounding = HighestUnacknowledged();
        if (_audioPausedUntil is not null && _pausedPriority is { } earlier && (sounding is null || earlier > sounding))
        {
            sounding = earlier;
        }

        _audioPausedUntil = until;
        _pausedPriority = sounding;
        _version++;
        return until;
    }

    /// <summary>The priority the buzzer sounds now: the highest unacknowledged one, unless audio is paused.</summary>
    public AlarmPriority? Sounding()
    {
        return _audioPausedUntil is not null ? null : HighestUnacknowledged();
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

    private AlarmPriority? HighestUnacknowledged()
    {
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

    private void EndAudioPause()
    {
        _audioPausedUntil = null;
        _pausedPriority = null;
    }

    private AlarmOccurrence Raise(AlarmCondition condition, TimeSpan now, DateTimeOffset wallNow)
    {
        string id;
        do
        {
            _sequence++;
            id = string.Create(CultureInfo.InvariantCulture, $"{wallNow.UtcDateTime:yyyyMMdd'T'HHmmss}-{_sequence}-{condition.Code}");
        }
        while (_open.Exists(o => o.AlarmId == id));

        var occurrence = new AlarmOccurrence(id, condition, wallNow, now);
        if (_audioPausedUntil is not null && (_pausedPriority is not { } paused || occurrence.Priority >= paused))
        {
            EndAudioPause();
        }

        _byCondition[condition] = occurrence;
        _open.Add(occurrence);
        Record(occurrence, AlarmOccurrenceState.Raised, wallNow);
        return occurrence;
    }

    private void SetConditionActive(AlarmOccurrence occurrence, bool active)
    {
        if (occurrence.ConditionActive != active)
        {
            occurrence.ConditionActive = active;
            _version++;
        }
    }

    private static string StripEndedNote(string message) =>
        message.EndsWith(" " + AlarmOccurrence.ConditionEndedNote, StringComparison.Ordinal)
            ? message[..^(AlarmOccurrence.ConditionEndedNote.Length + 1)]
            : message;

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
