namespace Paxman.Edge.Core.Alarms;

/// <summary>One occurrence of an alarm condition, from raised to cleared.</summary>
public sealed class AlarmOccurrence
{
    internal AlarmOccurrence(string alarmId, AlarmCondition condition, DateTimeOffset raisedAt, TimeSpan raisedUptime)
    {
        AlarmId = alarmId;
        Condition = condition;
        RaisedAt = raisedAt;
        RaisedUptime = raisedUptime;
        Message = condition.Message;
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

    /// <summary>The condition's message when raised.</summary>
    public string Message { get; }

    public AlarmOccurrenceState State { get; internal set; }

    /// <summary>Whether the condition held on the last evaluation.</summary>
    public bool ConditionActive { get; internal set; } = true;

    /// <summary>High priority latches: it stays until acknowledged even after its condition ends.</summary>
    public bool Latching => Priority == AlarmPriority.High;
}

/// <summary>An occurrence changed state (raised, acknowledged, cleared) at <paramref name="At"/>.</summary>
public readonly record struct AlarmChange(AlarmOccurrence Occurrence, AlarmOccurrenceState State, DateTimeOffset At);

/// <summary>The answer to an acknowledgement.</summary>
public enum AckResult
{
    Acknowledged,
    AlreadyAcknowledged,
    NotFound,
}
