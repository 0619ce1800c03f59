namespace Paxman.Edge.Core.Control;

/// <summary>
/// The strict bounds of pre-chill (README, "Control"), checked at start-up (<see cref="ControlOptions.Validate"/> and
/// <see cref="OverCoolingProblem"/>) and held at run time by <see cref="PreChill"/>.
/// </summary>
public static class PreChillBounds
{
    /// <summary>Pre-chill never goes further below the setpoint than this, C.</summary>
    public const double MaxAbsoluteOffsetC = 0.75;

    /// <summary>
    /// Pre-chill, and the compressor's stop while it holds, stay this far inside the ready band (readiness is judged
    /// against the setpoint on the noisy sensor, 0.05 C: five of its deviations), C.
    /// </summary>
    public const double ReadyMarginC = 0.25;

    /// <summary>The longest <see cref="ControlOptions.PreChillMaxMinutes"/> start-up accepts.</summary>
    public const double MaxMinutes = 30;

    /// <summary>Room start-up keeps between the lowest the loop may aim for and the over-cooling alarm, C.</summary>
    public const double OverCoolingMarginC = 0.5;

    /// <summary>
    /// The rooms the unit is rated for, C (README, "Control"): the bounds are proven over them (the property test). In a
    /// colder room the compressor's minimum speed outruns the load and the coolant cycles on the stop's dwell.
    /// </summary>
    public const double RatedAmbientMinC = 10;

    /// <summary>The warmest room the unit is rated for, C.</summary>
    public const double RatedAmbientMaxC = 40;

    /// <summary>How fast the pre-chill target moves down, C per minute: slowly, so that the PID does not overshoot it.</summary>
    public const double RampCPerMinute = 0.25;

    /// <summary>
    /// While a pre-chill holds the stop near its target, the compressor stops once the supply smoothed with this time
    /// constant is below the stop, s. The sensor's noise (0.05 C a reading, 10 readings a second) is then 0.005 C, so
    /// neither does noise alone stop it nor does it wait for the true coolant to sink well below the stop, which in a
    /// cool room, at minimum speed, sat there for minutes and a noisy reading left the ready band (the property test's
    /// case: a 10 s dwell below the raw stop let the coolant 0.11 C beyond it). It lags a cool room's slow fall by
    /// about 0.01 C.
    /// </summary>
    public const double StopFilterSeconds = 5;

    /// <summary>The largest offset these options allow: min(0.75 C, the ready band less 0.25 C), never negative.</summary>
    public static double MaxOffsetC(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Max(0, Math.Min(MaxAbsoluteOffsetC, options.ReadyBandC - ReadyMarginC));
    }

    /// <summary>Pre-chill runs with these options (feed-forward on and an offset above 0).</summary>
    public static bool Enabled(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.FeedForward && options.PreChillOffsetC > 0;
    }

    /// <summary>
    /// Where the compressor, at its minimum speed, stops while pre-chill holds <paramref name="offsetC"/> below the
    /// setpoint: the pre-chill target less <see cref="ControlOptions.StopBelowSetpointC"/>, but never deeper than
    /// <see cref="ReadyMarginC"/> inside the ready band; with no offset, the setpoint less the stop margin as ever.
    /// </summary>
    public static double StopAtC(ControlOptions options, double offsetC)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopBelow = options.StopBelowSetpointC;
        return options.SetpointC - Math.Max(stopBelow, Math.Min(offsetC + stopBelow, options.ReadyBandC - ReadyMarginC));
    }

    /// <summary>The lowest coolant temperature the loop may aim for with these options (where the compressor stops at the deepest pre-chill).</summary>
    public static double LowestAimC(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StopAtC(options, Enabled(options) ? Math.Min(options.PreChillOffsetC, MaxOffsetC(options)) : 0);
    }

    /// <summary>
    /// The start-up problem, naming its key, when feed-forward could take the coolant near the over-cooling alarm: the
    /// lowest aim (<see cref="LowestAimC"/>) less <see cref="CapHeatFeedForward.GuardBelowStopC"/>, where a cap's budget is
    /// dropped, must stay above the alarm; else null. With feed-forward off the PID's own rules apply, as before.
    /// </summary>
    public static string? OverCoolingProblem(ControlOptions options, double overCoolingC)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.FeedForward)
        {
            return null;
        }

        var lowest = LowestAimC(options);
        if (lowest - OverCoolingMarginC > overCoolingC)
        {
            return null;
        }

        return Enabled(options)
            ? FormattableString.Invariant(
                $"Control:PreChillOffsetC: {options.PreChillOffsetC} could take the coolant to {lowest:0.##} C (Control:SetpointC {options.SetpointC} less the offset and the compressor's stop margin), within {OverCoolingMarginC} C of Safety:OverCoolingC ({overCoolingC}); use a smaller offset, 0, or Control:FeedForward=false.")
            : FormattableString.Invariant(
                $"Control:FeedForward: with Control:SetpointC {options.SetpointC} the feed-forward could take the coolant to {lowest - CapHeatFeedForward.GuardBelowStopC:0.##} C, within {OverCoolingMarginC - CapHeatFeedForward.GuardBelowStopC} C of Safety:OverCoolingC ({overCoolingC}); raise the setpoint or set Control:FeedForward=false.");
    }
}
