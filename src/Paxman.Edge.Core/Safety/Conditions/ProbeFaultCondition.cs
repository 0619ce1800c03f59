using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// No valid reading from the independent safety probe for <see cref="SafetyOptions.ProbeStaleSeconds"/> (5 s):
/// a converter fault, a bus failure or a stalled reader. Without its second opinion the unit does not cool:
/// high priority and the safe state.
/// </summary>
public sealed class ProbeFaultCondition : AlarmCondition
{
    private readonly long _frequency;
    private TimeSpan? _lastGood;

    /// <param name="timestampFrequency">Units per second of the probe's timestamps (the engine clock's).</param>
    public ProbeFaultCondition(long timestampFrequency)
    {
        _frequency = timestampFrequency;
    }

    public override string Code => "probe-fault";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(5);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "The safety temperature probe has failed: cooling stopped. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var probe = s.Probe;
        var age = TimeSpan.FromSeconds((s.Timestamp - probe.Timestamp) / (double)_frequency);
        if (probe.Fault == ProbeFault.None && age <= TimeSpan.FromSeconds(context.Options.ProbeStaleSeconds))
        {
            _lastGood = context.Now;
            return false;
        }

        // Before the first good reading the clock starts at power-on.
        var lastGood = _lastGood ?? TimeSpan.Zero;
        Since = lastGood;
        return context.Now - lastGood > TimeSpan.FromSeconds(context.Options.ProbeStaleSeconds);
    }
}
