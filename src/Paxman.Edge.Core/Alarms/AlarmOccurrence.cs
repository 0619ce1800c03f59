namespace Paxman.Edge.Core.Alarms;

/// <summary>One occurrence of an alarm condition, from raised to cleared.</summary>
public sealed class AlarmOccurrence
{
    /// <summary>What a latched occurrence's message adds once its condition has ended (README, "Safety").</summary>
    public const string ConditionEndedNote = "Condition ended: acknowledge to reset.";

    private readonly string _message;

    internal AlarmOccurrence(string alarmId, AlarmCondition condition, DateTimeOffset raisedAt, TimeSpan raisedUptime, string? message = null)
    {
        AlarmId = alarmId;
        Condition = condition;
        RaisedAt = raisedAt;
        RaisedUptime = raisedUptime;
        _message = message ?? condition.Message;
    }

    public string AlarmId { get; }

    public AlarmCondition Condition { get; }

    public string Code => Condition.Code;

    public AlarmPriority Priority => Condition.Priority;

    public CapChannel? Channel => Condition.Channel;

    /// <summary>Wall-clock time it was raised (for people).</summary>
    public DateTimeOffset RaisedAt { get; }

    /// <summary>Device uptime it was raised (for durations).</summary>
    public TimeSpan RaisedUptime { get; }

    /// <summary>
    /// The condition's message when raised; once a latched occurrence's condition has ended, followed by
    /// <see cref="ConditionEndedNote"/> (not for an event such as a restart, which has no condition that lasts).
    /// </summary>
    public string Message => ConditionEnded && !Condition.IsEvent ? $"{_message} {ConditionEndedNote}" : _message;

    public AlarmOccurrenceState State { get; internal set; }

    /// <summary>Whether the condition held on the last evaluation.</summary>
    public bool ConditionActive { get; internal set; } = true;

    /// <summary>
    /// A latched occurrence whose condition has ended: it waits for a person's acknowledgement, which now resets it
    /// (an acknowledgement given while the condition held only acknowledged it).
    /// </summary>
    public bool ConditionEnded => Latching && !ConditionActive;

    /// <summary>High priority latches: it stays until acknowledged after its condition has ended.</summary>
    public bool Latching => Priority == AlarmPriority.High;

    /// <summary>
    /// The strongest action its condition demanded while it held: a latched occurrence keeps demanding it until it is
    /// reset (README, "Safety": the safe state, or the compressor off, ends only by a person).
    /// </summary>
    public SafetyAction Demanded { get; internal set; }

    /// <summary>Restored from the journal at start-up (raised by an earlier run of the host).</summary>
    public bool Restored { get; internal set; }

    /// <summary>
    /// For a restored occurrence: until this uptime its condition is taken as still present (the condition's rule
    /// needs its detection time to see the fault again), so an acknowledgement before then only acknowledges.
    /// </summary>
    public TimeSpan UndecidedUntil { get; internal set; }

    /// <summary>Notes what the condition demands while it holds.</summary>
    internal void Note(SafetyAction action)
    {
        if (action > Demanded)
        {
            Demanded = action;
        }
    }
}

/// <summary>An occurrence changed state (raised, acknowledged, cleared) at <paramref name="At"/>.</summary>
public readonly record struct AlarmChange(AlarmOccurrence Occurrence, AlarmOccurrenceState State, DateTimeOffset At);

/// <summary>The answer to an acknowledgement.</summary>
public enum AckResult
{
    /// <summary>The acknowledgement took effect: it acknowledged the occurrence, or reset it (its condition had ended).</summary>
    Acknowledged,

    /// <summary>Already acknowledged and its condition still holds: nothing changed.</summary>
    AlreadyAcknowledged,

    NotFound,
}
