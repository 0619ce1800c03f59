using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Not ready <see cref="SafetyOptions.ChillDownTimeoutMinutes"/> (45 min) after power-on: a fault, high priority.
/// Detected at that instant; clears when the unit becomes ready.
/// </summary>
public sealed class ChillDownTimeoutCondition : AlarmCondition
{
    public override string Code => "chill-down-timeout";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override string Message => "The unit has not reached its treatment temperature in 45 minutes. Do not start treatments; call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var limit = TimeSpan.FromMinutes(context.Options.ChillDownTimeoutMinutes);
        Since = limit;
        return !context.EverReady && context.Now >= limit;
    }
}
