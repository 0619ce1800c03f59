namespace Paxman.Edge.Core.Control;

/// <summary>
/// Pre-chill (README, "Control"): while a channel's session is prepared (its cap is being fitted), the loop aims
/// <see cref="ControlOptions.PreChillOffsetC"/> below the setpoint, reached along a ramp of
/// <see cref="PreChillBounds.RampCPerMinute"/>, so that the heat of the cap about to be connected meets a colder
/// reservoir. It ends when pre-cool starts (the session leaves prepared), when the session is aborted, or
/// <see cref="ControlOptions.PreChillMaxMinutes"/> after the session was prepared, whichever comes first, and it never
/// goes beyond <see cref="PreChillBounds"/>. Readiness and every safety rule stay judged against the setpoint itself.
/// </summary>
public sealed class PreChill
{
    private readonly ControlOptions _options;
    private readonly TimeSpan?[] _preparedSince = new TimeSpan?[2];

    public PreChill(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>How far below the setpoint the loop aims now, C (0 when not pre-chilling).</summary>
    public double OffsetC { get; private set; }

    /// <summary>
    /// How far below the setpoint the coolant may still be from a pre-chill, C: the offset while it holds; once it has
    /// ended, what is left of it, following the coolant back up. The compressor's stop (<see cref="PreChillBounds.StopAtC"/>)
    /// is placed from it, so that a pre-chill ending does not stop the compressor (a start saved).
    /// </summary>
    public double FloorOffsetC { get; private set; }

    /// <summary>
    /// The compressor % that takes the reservoir down along the ramp (its heat capacity × the ramp's rate, of the
    /// compressor's capacity) while the target moves, so that the PID need not lag behind it and then overshoot; else 0.
    /// </summary>
    public double RampPct { get; private set; }

    /// <summary>Pre-chill is asked for and allowed this tick (a prepared session within its time).</summary>
    public bool Active { get; private set; }

    /// <summary>One step at <paramref name="now"/>; <paramref name="allowed"/> is false in the safe state, with the compressor off, and during an autotune.</summary>
    /// <param name="cues">Which sessions are prepared.</param>
    /// <param name="now">Device uptime.</param>
    /// <param name="dtSeconds">Measured time since the previous step.</param>
    /// <param name="supplyC">The coolant supply temperature, or null if unknown.</param>
    /// <param name="allowed">Whether the supervisor's verdict and the loop's mode allow feed-forward.</param>
    /// <returns>The offset below the setpoint to aim for, C.</returns>
    public double Update(in ControlCues cues, TimeSpan now, double dtSeconds, double? supplyC, bool allowed)
    {
        var wanted = false;
        var limit = TimeSpan.FromMinutes(_options.PreChillMaxMinutes);
        for (var i = 0; i < 2; i++)
        {
            if (cues.Prepared((CapChannel)i))
            {
                _preparedSince[i] ??= now;
                wanted |= now - _preparedSince[i]!.Value < limit;
            }
            else
            {
                _preparedSince[i] = null;
            }
        }

        Active = wanted && allowed && PreChillBounds.Enabled(_options);
        var target = Active ? Math.Min(_options.PreChillOffsetC, PreChillBounds.MaxOffsetC(_options)) : 0;

        // Down along the ramp; back up at once (the compressor then eases off, which only warms the coolant).
        var ramping = target > OffsetC;
        OffsetC = target <= OffsetC ? target : Math.Min(target, OffsetC + (PreChillBounds.RampCPerMinute * Math.Max(0, dtSeconds) / 60));
        RampPct = ramping ? 100 * _options.ReservoirHeatCapacityJPerK * PreChillBounds.RampCPerMinute / 60 / _options.CompressorCapacityW : 0;
        var left = supplyC is { } c ? Math.Max(0, _options.SetpointC - c) : 0;
        FloorOffsetC = Math.Max(OffsetC, allowed ? Math.Min(FloorOffsetC, left) : 0);
        return OffsetC;
    }
}
