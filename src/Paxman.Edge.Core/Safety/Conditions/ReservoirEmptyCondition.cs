using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>The reservoir's empty switch (1 s): high priority and the safe state, so the pump never runs dry.</summary>
public sealed class ReservoirEmptyCondition : AlarmCondition
{
    private Persistence _empty;

    public override string Code => "reservoir-empty";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "Coolant reservoir empty: cooling stopped. Refill it, then acknowledge this alarm.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var active = _empty.Update(s.HasStatus && s.Reservoir == ReservoirLevel.Empty, context.Now, DetectionTime);
        Since = _empty.Since ?? context.Now;
        return active;
    }
}
