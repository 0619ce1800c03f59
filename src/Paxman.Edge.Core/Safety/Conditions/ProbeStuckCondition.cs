using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The independent safety probe stuck at a plausible value (a latent fault of the protection itself): whenever the
/// supply has moved <see cref="SafetyOptions.ProbeFollowC"/> (1 C) from where both were last seen together (during
/// chill-down, after a compressor start, when a warm cap joins), the probe's readings must have spanned at least half
/// that within <see cref="SafetyOptions.ProbeFollowSeconds"/> (30 s). A supply reading that jumps more than 0.5 C in one
/// tick is the sensor, not the coolant, and starts the comparison afresh. A probe stuck near the supply is invisible
/// to <see cref="ProbeDisagreeCondition"/> (2 C apart) yet leaves the over-cooling protection blind, so high
/// priority and the safe state.
/// </summary>
public sealed class ProbeStuckCondition : AlarmCondition
{
    private double? _supplyAt;
    private double _probeLow;
    private double _probeHigh;
    private double? _lastSupply;

    // A supply step larger than this between two ticks (100 ms) is the sensor, not the coolant.
    private const double JumpC = 0.5;
    private TimeSpan? _checkSince;

    public override string Code => "probe-stuck";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(30);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "The safety temperature probe does not follow the coolant: cooling stopped. Call a technician.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var options = context.Options;
        if (!s.HasStatus || s.SupplyC is not { } supply || s.Probe.Celsius is not { } probe)
        {
            // Nothing to compare (a missing reading is probe-fault's or the sensor's own alarm): start again.
            _supplyAt = null;
            _lastSupply = null;
            _checkSince = null;
            Since = context.Now;
            return false;
        }

        var step = _lastSupply is { } last ? Math.Abs(supply - last) : 0;
        _lastSupply = supply;
        if (_supplyAt is not { } supplyAt || step > JumpC)
        {
            // The first pair, or the supply reading jumped (a sensor coming right or going wrong, which is the supply
            // sensor's own rules' to judge; coolant cannot change that fast): compare afresh from here.
            Anchor(supply, probe);
            Since = context.Now;
            return false;
        }

        _probeLow = Math.Min(_probeLow, probe);
        _probeHigh = Math.Max(_probeHigh, probe);
        var moved = Math.Abs(supply - supplyAt);
        if (_probeHigh - _probeLow >= options.ProbeFollowC / 2)
        {
            // The probe moves (with the coolant, or alone, which is ProbeDisagreeCondition's to judge): compare afresh.
            Anchor(supply, probe);
        }
        else if (moved >= options.ProbeFollowC)
        {
            // Timed from the first sample 1 C away; noise back and forth across the line does not restart it.
            _checkSince ??= context.Now;
        }
        else if (moved < options.ProbeFollowC / 2)
        {
            // Back near where both were seen together: nothing to check.
            _checkSince = null;
        }

        Since = _checkSince ?? context.Now;
        return _checkSince is { } since && context.Now - since >= TimeSpan.FromSeconds(options.ProbeFollowSeconds);
    }

    private void Anchor(double supply, double probe)
    {
        _supplyAt = supply;
        _probeLow = _probeHigh = probe;
        _checkSince = null;
    }
}
