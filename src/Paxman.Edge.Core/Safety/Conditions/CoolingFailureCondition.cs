using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Cooling not progressing (Klipper's verify_heater turned round for a chiller): during the chill-down after
/// power-on, while the compressor is commanded to run, the supply must fall by <see cref="SafetyOptions.ChillProgressC"/>
/// within every <see cref="SafetyOptions.ChillProgressSeconds"/> window, until it is within that same distance of the
/// setpoint (as Klipper stops checking within its hysteresis of the target). Detected at the end of the first window
/// that misses; high priority. It clears once the coolant falls again (or the unit becomes ready). A host that
/// starts with the coolant already cold (a restart) has nothing to prove.
/// </summary>
public sealed class CoolingFailureCondition : AlarmCondition
{
    private TimeSpan? _windowStart;
    private double _windowStartC;
    private bool _failing;

    public override string Code => "cooling-failure";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(300);

    public override string Message => "The coolant is not getting colder: the chiller may have failed. Do not start new treatments; call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var window = TimeSpan.FromSeconds(context.Options.ChillProgressSeconds);
        if (s.HasStatus && s.SupplyC is { } near && near <= context.SetpointC + context.Options.ChillProgressC)
        {
            // Close enough to the setpoint: the chill-down has made its progress.
            _windowStart = null;
            _failing = false;
            return false;
        }

        if (context.EverReady || !s.HasStatus || s.SupplyC is not { } supply || context.CommandedCompressorPct <= 0)
        {
            // Not chilling down, or not commanding cooling: nothing to verify; start afresh when it resumes.
            _windowStart = null;
            _failing = _failing && !context.EverReady && context.CommandedCompressorPct > 0;
            return _failing;
        }

        if (_windowStart is null)
        {
            _windowStart = context.Now;
            _windowStartC = supply;
            return _failing;
        }

        if (_windowStartC - supply >= context.Options.ChillProgressC)
        {
            // Progress made: a new window starts from here.
            _failing = false;
            _windowStart = context.Now;
            _windowStartC = supply;
        }
        else if (context.Now - _windowStart.Value >= window)
        {
            if (!_failing)
            {
                Since = _windowStart.Value;
            }

            _failing = true;
            _windowStart = context.Now;
            _windowStartC = supply;
        }

        return _failing;
    }
}
