using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Coolant too warm during treatment: supply above setpoint + <see cref="SafetyOptions.WarmAboveSetpointC"/> (3 C)
/// for more than <see cref="SafetyOptions.WarmSeconds"/> (60 s) while a channel is being cooled, except in the
/// <see cref="SafetyOptions.WarmGraceAfterCapMinutes"/> (5 min) after a cap connects (the warm cap's own heat):
/// medium priority and a <c>coolant-warm</c> interruption on every channel being cooled, dated from the first warm
/// sample. It clears, and the interruption ends, as soon as the coolant is back in range.
/// </summary>
public sealed class CoolantWarmCondition : AlarmCondition
{
    private Persistence _warm;
    private bool _active;

    public override string Code => "coolant-warm";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(60);

    public override Interruption InterruptionCause => Interruption.CoolantWarm;

    public override string Message => "Coolant too warm for effective scalp cooling: the treatment timers are paused until it is cold again.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var grace = TimeSpan.FromMinutes(context.Options.WarmGraceAfterCapMinutes);
        var inGrace = InGrace(context.A, context.Now, grace) || InGrace(context.B, context.Now, grace);
        // The grace keeps a new cap's own heat from raising the alarm; it never ends one already raised (the
        // channels already cooled must not resume their countdowns while the coolant is still warm).
        var raw = context.Treating && (!inGrace || _active) && s.HasStatus && s.SupplyC > context.SetpointC + context.Options.WarmAboveSetpointC;
        _active = _warm.Update(raw, context.Now, TimeSpan.FromSeconds(context.Options.WarmSeconds));
        Since = _warm.Since ?? context.Now;
        return _active;
    }

    private static bool InGrace(ChannelCooling channel, TimeSpan now, TimeSpan grace) =>
        channel.Demand && channel.CapConnectedAt is { } at && now - at < grace;
}
