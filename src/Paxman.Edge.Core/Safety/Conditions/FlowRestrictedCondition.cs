using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Flow from <see cref="SafetyOptions.FlowLossLpm"/> up to <see cref="SafetyOptions.FlowRestrictedLpm"/>
/// (0.3-0.7 L/min) for <see cref="SafetyOptions.FlowRestrictedSeconds"/> (30 s) on a channel whose valve is open:
/// low priority, no interruption (the cap is still cooled, less well).
/// </summary>
public sealed class FlowRestrictedCondition : AlarmCondition
{
    private readonly CapChannel _channel;
    private Persistence _restricted;

    public FlowRestrictedCondition(CapChannel channel)
    {
        _channel = channel;
    }

    public override string Code => "flow-restricted";

    public override AlarmPriority Priority => AlarmPriority.Low;

    public override CapChannel? Channel => _channel;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(30);

    public override string Message => $"Coolant flow through cap {_channel.Name()} is restricted: straighten the hose.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var flow = s.FlowLpm(_channel);
        var raw = context.Channel(_channel).ValveOpen && s.HasStatus && flow >= context.Options.FlowLossLpm && flow < context.Options.FlowRestrictedLpm;
        var active = _restricted.Update(raw, context.Now, TimeSpan.FromSeconds(context.Options.FlowRestrictedSeconds));
        Since = _restricted.Since ?? context.Now;
        return active;
    }
}
