using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Supply below <see cref="SafetyOptions.OverCoolingSafeC"/> (-10 C), or the independent safety probe below
/// <see cref="SafetyOptions.ProbeOverCoolingSafeC"/> (-9 C), for 1 s: the full safe state, high priority.
/// </summary>
public sealed class OverCoolingCriticalCondition : AlarmCondition
{
    private Persistence _cold;

    public override string Code => "over-cooling-critical";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "Coolant dangerously cold: all cooling stopped. Remove the caps if the patient is uncomfortable and call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var o = context.Options;
        var supplyCold = s.HasStatus && s.SupplyC < o.OverCoolingSafeC;
        var probeCold = s.Probe.Celsius < o.ProbeOverCoolingSafeC;
        var active = _cold.Update(supplyCold || probeCold, context.Now, DetectionTime);
        Since = _cold.Since ?? context.Now;
        return active;
    }
}
