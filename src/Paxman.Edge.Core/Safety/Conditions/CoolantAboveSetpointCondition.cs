using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Cooling that does not hold the setpoint during treatment: Klipper's verify_heater turned round for a chiller,
/// always on once the unit has been ready (the chill-down before it is <see cref="CoolingFailureCondition"/>'s).
/// While a channel is being cooled (its session cooling, its cap plugged in and its valve open), every supply sample
/// above setpoint + <see cref="SafetyOptions.CoolingHysteresisC"/> (1 C, the ready band) adds its excess over that
/// band times dt to an accumulated error, in C s; a sample within the band (or colder) resets it to zero. Past
/// <see cref="SafetyOptions.CoolingMaxErrorCSeconds"/> (300 C s: 2.9 C above the setpoint is found in about 160 s,
/// 1.5 C above in 10 min) the condition holds: medium priority and a <c>coolant-warm</c> interruption on every
/// cooled channel, dated from the first sample above the band, so the time is not billed. Nothing is counted in the
/// <see cref="SafetyOptions.WarmGraceAfterCapMinutes"/> (5 min) after a channel starts wanting cooling, whose warm cap
/// heats the coolant by design: the error and the interruption's date start after it (but an alarm already raised
/// is not ended by it). It clears with the first sample
/// back within the band, and nothing is kept while no channel is cooled.
/// </summary>
/// <remarks>
/// Klipper (klippy/extras/verify_heater.py) adds <c>(target - hysteresis) - temp</c> once a second while the heater is
/// below its band, resets the error to zero inside the band, and trips at <c>max_error</c>; here the samples are the
/// ticks and the excess is weighted by their dt. Unlike Klipper, coolant colder than the band also resets (for a
/// chiller colder still cools; over-cooling has its own rules), and instead of Klipper's "approaching a new target"
/// check a cap's start is given its grace.
/// </remarks>
public sealed class CoolantAboveSetpointCondition : AlarmCondition
{
    private readonly TimeSpan?[] _wantedSince = new TimeSpan?[2];
    private double _errorCs;
    private TimeSpan? _outSince;
    private TimeSpan? _lastSample;
    private bool _active;

    public override string Code => "coolant-above-setpoint";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    /// <summary>With the defaults, coolant 1.5 C above the band: 200 s, after at most the 5 min grace of a cap just started.</summary>
    public override TimeSpan DetectionTime => TimeSpan.FromMinutes(10);

    public override Interruption InterruptionCause => Interruption.CoolantWarm;

    public override string Message => "The coolant is staying warmer than its setpoint: the chiller is not keeping up. The treatment timers are paused until it is cold again; call a technician.";

    /// <summary>The error accumulated so far, C s.</summary>
    public double ErrorCSeconds => _errorCs;

    public override bool Evaluate(in SafetyContext context)
    {
        var now = context.Now;
        var grace = TimeSpan.FromMinutes(context.Options.WarmGraceAfterCapMinutes);
        var cooled = false;
        var inGrace = false;
        for (var i = 0; i < 2; i++)
        {
            // The grace runs from the tick the channel wants cooling (its cap connecting, pre-cool or a resume).
            var channel = context.Channel((CapChannel)i);
            _wantedSince[i] = channel.Demand ? _wantedSince[i] ?? now : null;
            inGrace |= channel.Demand && now - _wantedSince[i]!.Value < grace;
            cooled |= channel.Demand && channel.ValveOpen;
        }

        var s = context.Snapshot;
        if (!context.EverReady || !cooled)
        {
            // Nothing to verify, and nothing billed: start afresh when treatment resumes.
            Reset();
            return false;
        }

        if (!s.HasStatus || s.SupplyC is not { } supply)
        {
            // No reading (the link's and the sensor's own rules see to that): hold, and measure dt afresh.
            _lastSample = null;
            return _active;
        }

        var dt = _lastSample is { } last ? (now - last).TotalSeconds : 0;
        _lastSample = now;
        var band = context.SetpointC + context.Options.CoolingHysteresisC;
        if (supply <= band)
        {
            Reset();
            Since = now;
            return false;
        }

        if (inGrace && !_active)
        {
            // A cap just started: its heat is no fault, and its time is billed (as coolant-warm's grace does).
            Since = now;
            return false;
        }

        _outSince ??= now;
        _errorCs += (supply - band) * dt;
        _active |= _errorCs >= context.Options.CoolingMaxErrorCSeconds;
        Since = _outSince.Value;
        return _active;
    }

    private void Reset()
    {
        _errorCs = 0;
        _outSince = null;
        _active = false;
    }
}
