using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The MCU's supply sensor and the independent safety probe disagree by more than
/// <see cref="SafetyOptions.ProbeDisagreeC"/> (2 C) for <see cref="SafetyOptions.ProbeDisagreeSeconds"/> (10 s):
/// one of them is wrong and we cannot tell which, so high priority and the safe state.
/// </summary>
public sealed class ProbeDisagreeCondition : AlarmCondition
{
    private Persistence _apart;

    public override string Code => "probe-disagree";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(10);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "The two coolant temperature sensors disagree: cooling stopped. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var raw = s.HasStatus && s.SupplyC is { } supply && s.Probe.Celsius is { } probe && Math.Abs(supply - probe) > context.Options.ProbeDisagreeC;
        var active = _apart.Update(raw, context.Now, TimeSpan.FromSeconds(context.Options.ProbeDisagreeSeconds));
        Since = _apart.Since ?? context.Now;
        return active;
    }
}
