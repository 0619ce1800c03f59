using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>The reservoir's low-level switch (2 s): medium priority.</summary>
public sealed class ReservoirLowCondition : AlarmCondition
{
    private Persistence _low;

    public override string Code => "reservoir-low";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(2);

    public override string Message => "Coolant level low: top up the reservoir after the current treatments.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var active = _low.Update(s.HasStatus && s.Reservoir == ReservoirLevel.Low, context.Now, DetectionTime);
        Since = _low.Since ?? context.Now;
        return active;
    }
}
