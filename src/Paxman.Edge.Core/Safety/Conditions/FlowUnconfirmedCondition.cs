using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// Coolant not passing through a cap although its flow sensor reads flow (a kinked hose behind a flow sensor stuck in
/// range): a cap on a patient's head warms the coolant that passes through it (about 0.7 C at 1.1 L/min in the
/// simulated plant, 0.5 C in a 0 C room at the warmest setpoint), so while the channel's valve is open, its cap is
/// plugged in and its flow reads at least <see cref="SafetyOptions.FlowLossLpm"/>, the channel's return must sit at
/// least <see cref="SafetyOptions.FlowReturnRiseC"/> (0.2 C) above the supply. Below that for
/// <see cref="SafetyOptions.FlowReturnSeconds"/> (30 s): medium priority and a <c>flow-loss</c> interruption on that
/// channel, dated from the first low sample. It clears when the return is warm again.
/// </summary>
/// <remarks>
/// The rise is the return minus the colder of the supply and the supply lagged by <see cref="SupplyLagSeconds"/> (a
/// bound on a cap's own time constant, 1,400 J/K over 73 W/K, about 19 s): while the supply rises (another warm cap
/// starting), the coolant coming back from a flowing cap still left the unit colder, and the lag keeps its rise; a
/// stagnant channel's return sensor sits in the manifold at the supply's temperature (simulator/README.md) and
/// shows none. The rise is then filtered over <see cref="FilterSeconds"/> against the sensors' noise. Without
/// per-channel return sensors (a STATUS reading "not fitted"), the common return stands for the channel while it is
/// the only one open; with both open it cannot tell them apart and the rule waits.
/// </remarks>
public sealed class FlowUnconfirmedCondition : AlarmCondition
{
    /// <summary>Time constant of the lagged supply the return is compared with, s.</summary>
    public const double SupplyLagSeconds = 30;

    /// <summary>Time constant of the filter on the rise, s.</summary>
    public const double FilterSeconds = 5;

    private readonly CapChannel _channel;
    private double? _supplyLag;
    private double? _rise;
    private TimeSpan? _lastSample;
    private Persistence _low;

    public FlowUnconfirmedCondition(CapChannel channel)
    {
        _channel = channel;
    }

    public override string Code => "flow-unconfirmed";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override CapChannel? Channel => _channel;

    /// <summary>The 30 s rule after the sensor's lag and the filter (about 8 s).</summary>
    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(45);

    public override Interruption InterruptionCause => Interruption.FlowLoss;

    public override string Message => $"Coolant does not seem to pass through cap {_channel.Name()}: its return is no warmer than the supply though the flow sensor reads flow. Check the hose for kinks; the timers are paused.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var now = context.Now;
        if (!s.HasStatus || s.SupplyC is not { } supply)
        {
            _supplyLag = _rise = null;
            _lastSample = null;
            _low.Reset();
            return false;
        }

        var dt = _lastSample is { } last ? (now - last).TotalSeconds : 0;
        _lastSample = now;
        _supplyLag = _supplyLag is { } lag ? lag + ((supply - lag) * Math.Min(1, dt / SupplyLagSeconds)) : supply;

        var other = _channel == CapChannel.A ? CapChannel.B : CapChannel.A;
        var returnC = _channel == CapChannel.A ? s.ReturnAC : s.ReturnBC;
        if (returnC is null && !context.Channel(other).ValveOpen)
        {
            returnC = s.ReturnC;
        }

        if (!context.Channel(_channel).ValveOpen || !s.CapConnected(_channel) || s.FlowLpm(_channel) < context.Options.FlowLossLpm
            || returnC is not { } back)
        {
            // Not flowing by its own sensor (flow-loss's case), or nothing to compare: nothing to confirm.
            _rise = null;
            _low.Reset();
            return false;
        }

        var rise = back - Math.Min(supply, _supplyLag.Value);
        _rise = _rise is { } r ? r + ((rise - r) * Math.Min(1, dt / FilterSeconds)) : rise;
        var active = _low.Update(_rise < context.Options.FlowReturnRiseC, now, TimeSpan.FromSeconds(context.Options.FlowReturnSeconds));
        Since = _low.Since ?? now;
        return active;
    }
}
