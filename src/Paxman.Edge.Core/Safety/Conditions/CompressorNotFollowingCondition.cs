using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The compressor does not do what the host commands: high priority. Two rules (hazard table,
/// src/Paxman.Edge.Core/Safety/README.md):
/// <list type="bullet">
/// <item>its actual speed differs from the command by more than <see cref="SafetyOptions.CompressorDeviationPct"/>
/// (20 points) for <see cref="SafetyOptions.CompressorDeviationSeconds"/> (10 s) without its actual speed moving 1 point
/// towards the command (a slow inverter ramping at 5 %/s keeps moving, so it follows);</item>
/// <item>commanded off, it still reports running, and its speed has stopped falling, for
/// <see cref="SafetyOptions.CompressorRunningWhenOffSeconds"/> (5 s). This catches a compressor stuck at its
/// minimum speed (20 %), which the first rule cannot see; an inverter ramping down keeps falling, so it is not
/// mistaken for one.</item>
/// </list>
/// A compressor that runs when it should not is cut through the cooling-enable line (the safe state); one that
/// does not run only raises the alarm.
/// </summary>
public sealed class CompressorNotFollowingCondition : AlarmCondition
{
    private TimeSpan? _deviatingSince;
    private double _anchorActual;

    // A drive's actual speed moving this much towards its command restarts the time: a slow inverter ramping (5 %/s: 16 s from 0 to
    // 100 % more than 20 points away) follows; a stuck or failed one makes no progress.
    private const double ProgressPct = 1;
    private Persistence _runningWhenOff;
    private double _lowestWhileOff = double.MaxValue;
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
        var options = context.Options;
        var deviation = s.CompressorActualPct - context.CommandedCompressorPct;
        var raw = s.HasStatus && Math.Abs(deviation) > options.CompressorDeviationPct;
        // Progress is the drive's own: its actual speed moving towards the command (a command moving towards a stuck
        // drive is not progress).
        var towards = Math.Sign(-deviation) * (s.CompressorActualPct - _anchorActual);
        if (!raw)
        {
            _deviatingSince = null;
        }
        else if (_deviatingSince is null || towards >= ProgressPct)
        {
            _deviatingSince = context.Now;
            _anchorActual = s.CompressorActualPct;
        }

        var deviating = _deviatingSince is { } since && context.Now - since >= TimeSpan.FromSeconds(options.CompressorDeviationSeconds);
        if (raw)
        {
            _overRunning = deviation > 0;
        }

        var runningWhenOff = _runningWhenOff.Update(RunsWhileOff(context), context.Now, TimeSpan.FromSeconds(options.CompressorRunningWhenOffSeconds));
        if (runningWhenOff)
        {
            _overRunning = true;
        }

        Since = (runningWhenOff ? _runningWhenOff.Since : _deviatingSince) ?? context.Now;
        return deviating || runningWhenOff;
    }

    /// <summary>Commanded off, still running, and no lower than at any time since the command went to 0.</summary>
    private bool RunsWhileOff(in SafetyContext context)
    {
        var s = context.Snapshot;
        if (!s.HasStatus || context.CommandedCompressorPct > 0 || s.CompressorActualPct <= 0)
        {
            _lowestWhileOff = double.MaxValue;
            return false;
        }

        if (s.CompressorActualPct < _lowestWhileOff)
        {
            _lowestWhileOff = s.CompressorActualPct;
            return false;
        }

        return true;
    }
}
