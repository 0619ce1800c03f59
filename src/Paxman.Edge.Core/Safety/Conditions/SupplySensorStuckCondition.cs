using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The supply reading has not changed at all for <see cref="SafetyOptions.SensorStuckSeconds"/> (60 s) while the
/// compressor's actual speed changed in that time (Marlin's variance monitor): high priority and the safe state.
/// A live sensor's reading always moves by at least its last digit; a stuck one does not.
/// </summary>
public sealed class SupplySensorStuckCondition : AlarmCondition
{
    private short _lastRaw;
    private TimeSpan _lastChange;
    private double _speedMin = double.MaxValue;
    private double _speedMax = double.MinValue;
    private bool _seen;
    private bool _stuck;

    public override string Code => "supply-sensor-stuck";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(60);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "The coolant temperature sensor reads a fixed value: cooling stopped. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        if (!s.HasStatus)
        {
            return _stuck;
        }

        if (!_seen || s.SupplyRawCc != _lastRaw)
        {
            _seen = true;
            _lastRaw = s.SupplyRawCc;
            _lastChange = context.Now;
            _speedMin = _speedMax = s.CompressorActualPct;
            _stuck = false;
            return false;
        }

        _speedMin = Math.Min(_speedMin, s.CompressorActualPct);
        _speedMax = Math.Max(_speedMax, s.CompressorActualPct);
        if (!_stuck && context.Now - _lastChange >= TimeSpan.FromSeconds(context.Options.SensorStuckSeconds) && _speedMax - _speedMin >= 1)
        {
            _stuck = true;
            Since = _lastChange;
        }

        return _stuck;
    }
}
