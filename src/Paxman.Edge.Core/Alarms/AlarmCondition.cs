using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// One alarm condition (IEC 60601-1-8), evaluated once per tick by the safety supervisor, in the style of
/// RespiraWorks' ventilator alarms: a small class with its own detection rule and its own test file. It may keep
/// state between ticks (how long the condition has held) but touches nothing outside itself.
/// </summary>
public abstract class AlarmCondition
{
    /// <summary>The alarm's code on the wire (API, MQTT, journal), for example <c>flow-loss</c>.</summary>
    public abstract string Code { get; }

    public abstract AlarmPriority Priority { get; }

    /// <summary>The channel the condition is about, or null for the whole unit.</summary>
    public virtual CapChannel? Channel => null;

    /// <summary>How long the rule needs at most, from the fault appearing to the condition being active.</summary>
    public abstract TimeSpan DetectionTime { get; }

    /// <summary>
    /// Whether an unacknowledged occurrence keeps the unit in its safe state once entered (every high-priority
    /// condition by default; not those about records or restarts, which need a person but no stop of cooling).
    /// </summary>
    public virtual bool HoldsSafeState => Priority == AlarmPriority.High;

    /// <summary>What the supervisor does while the condition holds.</summary>
    public virtual SafetyAction Action => SafetyAction.None;

    /// <summary>
    /// The strongest action the condition can demand, whatever its state: what an occurrence restored from the journal
    /// goes on demanding (the journal keeps the alarm, not what it demanded), so a restart never weakens a trip.
    /// </summary>
    public virtual SafetyAction StrongestAction => Action;

    /// <summary>
    /// The interruption (README "Interruptions" cause) this condition puts on the channels being cooled while it holds:
    /// its own channel when <see cref="Channel"/> is set, else every channel being cooled.
    /// </summary>
    public virtual Interruption InterruptionCause => Interruption.None;

    /// <summary>
    /// When the fault behind an active condition began (its first bad sample), which may be before the
    /// condition became active; interruptions are dated from it.
    /// </summary>
    public TimeSpan Since { get; protected set; }

    /// <summary>A sentence for the touchscreen: what happened and what to do.</summary>
    public abstract string Message { get; }

    /// <summary>
    /// An event rather than a lasting condition (a restart, a damaged journal found at start-up): its occurrence is
    /// acknowledged to reset it as usual, but its message does not add "condition ended".
    /// </summary>
    public virtual bool IsEvent => false;

    /// <summary>
    /// After an evaluation that returned false: the fault's cause is gone but its effect still holds the unit until a
    /// person resets it (an MCU latch whose condition has ended). The alarm system then raises an occurrence with its
    /// condition already ended if none is open, so a latch the host finds (at start-up, say) is never silent.
    /// </summary>
    public virtual bool PendingReset => false;

    /// <summary>
    /// Whether the condition's <see cref="Action"/> applies even while <see cref="Evaluate"/> returns false (an MCU
    /// latch holds the chiller safe until it is cleared, whatever the alarm's state).
    /// </summary>
    public virtual bool Holding => false;

    /// <summary>Evaluates the condition for this tick; true while it holds.</summary>
    public abstract bool Evaluate(in SafetyContext context);
}
