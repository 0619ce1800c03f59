using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Flow below <see cref="SafetyOptions.FlowLossLpm"/> (0.3 L/min) for <see cref="SafetyOptions.FlowLossSeconds"/>
/// (5 s) on a channel whose valve is open: medium priority and a <c>flow-loss</c> interruption on that channel,
/// dated from the first low sample. Clears when the flow is back.
/// </summary>
public sealed class FlowLossCondition : AlarmCondition
{
    private readonly CapChannel _channel;
    private Persistence _low;

    public FlowLossCondition(CapChannel channel)
    {
        _channel = channel;
    }

    public override string Code => "flow-loss";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override CapChannel? Channel => _channel;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(5);

    public override Interruption InterruptionCause => Interruption.FlowLoss;

    public override string Message => $"No coolant flow through cap {_channel.Name()}: check the hose for kinks and the couplings; the timers are paused.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var raw = context.Channel(_channel).ValveOpen && s.HasStatus && s.FlowLpm(_channel) < context.Options.FlowLossLpm;
        var active = _low.Update(raw, context.Now, TimeSpan.FromSeconds(context.Options.FlowLossSeconds));
        Since = _low.Since ?? context.Now;
        return active;
    }
}
