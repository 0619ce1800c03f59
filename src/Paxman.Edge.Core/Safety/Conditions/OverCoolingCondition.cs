using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Supply below <see cref="SafetyOptions.OverCoolingC"/> (-8 C) for 1 s: compressor off, high priority. Latched: the
/// supervisor keeps the compressor off until a person acknowledges after the supply is back above the limit.
/// </summary>
public sealed class OverCoolingCondition : AlarmCondition
{
    private Persistence _cold;

    public override string Code => "over-cooling";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.CompressorOff;

    public override string Message => "Coolant too cold: the compressor is stopped. Check the caps and call a technician if it recurs.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var active = _cold.Update(s.HasStatus && s.SupplyC < context.Options.OverCoolingC, context.Now, DetectionTime);
        Since = _cold.Since ?? context.Now;
        return active;
    }
}
