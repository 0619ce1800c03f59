namespace Paxman.Edge.Core.Control;

/// <summary>
/// Feed-forward at the valve (README, "Control"). When a channel's valve opens on a warm cap, the cap brings
/// <see cref="ControlOptions.CapHeatCapacityJPerK"/> × (its expected temperature − the setpoint), which its first minute
/// of flow dumps into the coolant at up to 2 kW, far beyond the compressor. Less what a pre-chilled reservoir already
/// holds in hand (<see cref="ControlOptions.ReservoirHeatCapacityJPerK"/> × how far it is below the setpoint), that heat
/// is a budget: the compressor runs at full speed from the valve's first tick, instead of waiting for the error, until
/// it has removed that much beyond the steady load (what the PID's integral and each cap's load already ask for); the
/// PID corrects what remains. The cap's expected temperature is <see cref="ControlOptions.CapStartC"/>, or, for a cap
/// back after its valve was closed, what it warmed to since (time constant <see cref="ControlOptions.CapWarmingMinutes"/>).
/// Each open valve also adds its cap's steady load, <see cref="ControlOptions.CapLoadW"/>. Nothing is fed forward unless
/// allowed (the supervisor's verdict, an autotune). The budget also ends, the PID taking over, once the coolant has
/// risen <see cref="NoiseMarginC"/> above the setpoint and come back to it (the cap's heat is out: the cap follows the
/// coolant within a minute), or if it falls <see cref="NoiseMarginC"/> below where it was when the valve opened, or
/// <see cref="GuardBelowStopC"/> below the compressor's stop (a cap colder than expected).
/// </summary>
public sealed class CapHeatFeedForward
{
    /// <summary>How far below where the compressor would stop the coolant may go before a cap's budget is dropped, C.</summary>
    public const double GuardBelowStopC = 0.25;

    /// <summary>The supply sensor's noise is 0.05 C: a margin of four of its deviations, C.</summary>
    public const double NoiseMarginC = 0.2;

    private readonly ControlOptions _options;
    private double _openedAtC;
    private bool _rose;
    private readonly bool[] _open = new bool[2];
    private readonly TimeSpan?[] _closedAt = new TimeSpan?[2];
    private readonly double[] _heatLeftJ = new double[2];

    public CapHeatFeedForward(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The feed-forward of the last step, compressor % (100: full speed for a cap's heat).</summary>
    public double Pct { get; private set; }

    /// <summary>The caps' heat still to be removed, J (both channels).</summary>
    public double HeatLeftJ => _heatLeftJ[0] + _heatLeftJ[1];

    /// <summary>The temperature the cap on <paramref name="channel"/> is expected at if its valve opens at <paramref name="now"/>.</summary>
    public double ExpectedCapC(CapChannel channel, TimeSpan now)
    {
        var o = _options;
        if (_closedAt[(int)channel] is not { } closed)
        {
            return o.CapStartC;
        }

        var off = Math.Max(0, (now - closed).TotalMinutes);
        return o.CapStartC - ((o.CapStartC - o.SetpointC) * Math.Exp(-off / o.CapWarmingMinutes));
    }

    /// <summary>One step.</summary>
    /// <param name="valveA">Whether channel A's valve is open this tick.</param>
    /// <param name="valveB">Whether channel B's valve is open this tick.</param>
    /// <param name="supplyC">The coolant supply temperature.</param>
    /// <param name="actualPct">The compressor's actual speed, as the MCU reports it.</param>
    /// <param name="steadyPct">What the loop gives the steady load beyond each cap's (the PID's integral), %.</param>
    /// <param name="stopAtC">Where the compressor at its minimum speed stops this tick.</param>
    /// <param name="now">Device uptime.</param>
    /// <param name="dtSeconds">Measured time since the previous step.</param>
    /// <param name="allowed">False in the safe state, with the compressor off and during an autotune: nothing is fed forward and a pending budget is dropped.</param>
    /// <returns>The compressor % to add to the PID's output.</returns>
    public double Update(bool valveA, bool valveB, double supplyC, double actualPct, double steadyPct, double stopAtC, TimeSpan now, double dtSeconds,
        bool allowed)
    {
        var o = _options;
        var on = allowed && o.FeedForward;
        double loadPct = 0;
        for (var i = 0; i < 2; i++)
        {
            var open = i == 0 ? valveA : valveB;
            if (open && !_open[i] && on)
            {
                // A pre-chilled reservoir has some of the cap's heat in hand; it is counted once, against the first cap.
                var inHand = HeatLeftJ > 0 ? 0 : o.ReservoirHeatCapacityJPerK * Math.Max(0, o.SetpointC - supplyC);
                if (HeatLeftJ <= 0)
                {
                    _openedAtC = Math.Min(supplyC, o.SetpointC);
                    _rose = false;
                }

                _heatLeftJ[i] = Math.Max(0, (o.CapHeatCapacityJPerK * Math.Max(0, ExpectedCapC((CapChannel)i, now) - o.SetpointC)) - inHand);
            }
            else if (!open && _open[i])
            {
                _closedAt[i] = now;
                _heatLeftJ[i] = 0;
            }

            _open[i] = open;
            if (open)
            {
                loadPct += 100 * o.CapLoadW / o.CompressorCapacityW;
            }
        }

        _rose |= supplyC > o.SetpointC + NoiseMarginC;
        var over = _rose ? supplyC <= o.SetpointC : supplyC < _openedAtC - NoiseMarginC;
        if (!on || over || supplyC < stopAtC - GuardBelowStopC)
        {
            _heatLeftJ[0] = 0;
            _heatLeftJ[1] = 0;
        }

        if (!on)
        {
            Pct = 0;
            return 0;
        }

        if (HeatLeftJ > 0)
        {
            // What the compressor removed beyond the steady load this step is taken from each channel's budget in turn.
            var removed = o.CompressorCapacityW * Math.Max(0, actualPct - steadyPct - loadPct) / 100 * Math.Max(0, dtSeconds);
            for (var i = 0; i < 2 && removed > 0; i++)
            {
                var take = Math.Min(removed, _heatLeftJ[i]);
                _heatLeftJ[i] -= take;
                removed -= take;
            }
        }

        Pct = HeatLeftJ > 0 ? 100 : loadPct;
        return Pct;
    }
}
