using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The compressor's actual speed differs from the host's command by more than
/// <see cref="SafetyOptions.CompressorDeviationPct"/> (20 points) for <see cref="SafetyOptions.CompressorDeviationSeconds"/>
/// (10 s): high priority. A compressor that runs when it should not is also cut through the cooling-enable line
/// (the safe state); one that does not run only raises the alarm.
/// </summary>
public sealed class CompressorNotFollowingCondition : AlarmCondition
{
    private Persistence _deviating;
    private bool _overRunning;

    public override string Code => "compressor-not-following";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(10);

    public override SafetyAction Action => _overRunning ? SafetyAction.SafeState : SafetyAction.None;

    /// <summary>The journal does not say which way it deviated: restored, it holds the safe state (on doubt, safe).</summary>
    public override SafetyAction StrongestAction => SafetyAction.SafeState;

    public override Interruption InterruptionCause => _overRunning ? Interruption.SafetyStop : Interruption.None;

    public override string Message => _overRunning
        ? "The compressor runs when it should not: cooling cut off. Call a technician."
        : "The compressor does not follow its speed command. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var deviation = s.CompressorActualPct - context.CommandedCompressorPct;
        var raw = s.HasStatus && Math.Abs(deviation) > context.Options.CompressorDeviationPct;
        var active = _deviating.Update(raw, context.Now, TimeSpan.FromSeconds(context.Options.CompressorDeviationSeconds));
        if (raw)
        {
            _overRunning = deviation > 0;
        }

        Since = _deviating.Since ?? context.Now;
        return active;
    }
}
