using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The coolant supply sensor reads "not available" or outside <see cref="SafetyOptions.SensorLowC"/>..
/// <see cref="SafetyOptions.SensorHighC"/> for <see cref="SafetyOptions.SensorRangeSeconds"/> (1 s): high priority
/// and the safe state (control cannot work blind).
/// </summary>
public sealed class SupplySensorFaultCondition : AlarmCondition
{
    private Persistence _bad;

    public override string Code => "supply-sensor-fault";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "The coolant temperature sensor has failed: cooling stopped. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var o = context.Options;
        var raw = s.HasStatus && (s.SupplyC is not { } c || c < o.SensorLowC || c > o.SensorHighC);
        var active = _bad.Update(raw, context.Now, TimeSpan.FromSeconds(o.SensorRangeSeconds));
        Since = _bad.Since ?? context.Now;
        return active;
    }
}
