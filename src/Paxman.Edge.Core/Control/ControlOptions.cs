namespace Paxman.Edge.Core.Control;

/// <summary>Configuration section <c>Control</c>: the coolant temperature loop (README, "Control").</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>The coolant supply temperature the unit holds, C.</summary>
    public double SetpointC { get; set; } = -4;

    /// <summary>Proportional gain, compressor % per C of error.</summary>
    public double Kp { get; set; } = 100;

    /// <summary>Integral gain, compressor % per C per second.</summary>
    public double Ki { get; set; } = 0.3;

    /// <summary>Derivative gain on the measurement, compressor % per C/s.</summary>
    public double Kd { get; set; } = 20;

    /// <summary>Time constant of the derivative's low-pass filter, s.</summary>
    public double DerivativeFilterSeconds { get; set; } = 2;

    /// <summary>The compressor's minimum running speed, %: below it the loop holds this speed or stops.</summary>
    public double CompressorMinPct { get; set; } = 20;

    /// <summary>After a stop the compressor is not commanded again for this long, s.</summary>
    public double CompressorMinOffSeconds { get; set; } = 180;

    /// <summary>At minimum speed the compressor stops once the coolant is this far below the setpoint, C.</summary>
    public double StopBelowSetpointC { get; set; } = 0.5;

    /// <summary>Ready: the coolant within this band of the setpoint ...</summary>
    public double ReadyBandC { get; set; } = 1;

    /// <summary>... for this long, s.</summary>
    public double ReadySeconds { get; set; } = 60;

    /// <summary>
    /// Feed-forward from known disturbances (README, "Control"): pre-chill while a session is prepared and the cap's
    /// heat at the valve. Off, the PID alone (the benchmark's "today's PID").
    /// </summary>
    public bool FeedForward { get; set; } = true;

    /// <summary>
    /// How far below the setpoint the reservoir is pre-chilled while a session is prepared, C; at most
    /// min(<see cref="PreChillBounds.MaxAbsoluteOffsetC"/>, <see cref="ReadyBandC"/> less <see cref="PreChillBounds.ReadyMarginC"/>).
    /// 0 turns pre-chill off.
    /// </summary>
    public double PreChillOffsetC { get; set; } = 0.75;

    /// <summary>Pre-chill lasts at most this long after a session is prepared, minutes (0..<see cref="PreChillBounds.MaxMinutes"/>).</summary>
    public double PreChillMaxMinutes { get; set; } = 10;

    /// <summary>Plant model: the reservoir's heat capacity (coolant, evaporator, pipework), J/K (simulator/README.md: 16.0 kJ/K).</summary>
    public double ReservoirHeatCapacityJPerK { get; set; } = 16_000;

    /// <summary>Plant model: a cap's heat capacity (silicone, the coolant in the cap and its hose), J/K (simulator/README.md: 1,400 J/K).</summary>
    public double CapHeatCapacityJPerK { get; set; } = 1_400;

    /// <summary>Plant model: the temperature of a cap not cooled for long (the room), C.</summary>
    public double CapStartC { get; set; } = 22;

    /// <summary>Plant model: the time constant with which an unplugged cap warms back towards <see cref="CapStartC"/>, minutes (1,400 J/K at 1.0 W/K).</summary>
    public double CapWarmingMinutes { get; set; } = 23;

    /// <summary>Plant model: the steady heat a cap on a patient brings (scalp 40 W, its cover 0.5 W/K from a 22 C room), W.</summary>
    public double CapLoadW { get; set; } = 53;

    /// <summary>Plant model: the compressor's refrigeration at full speed near the setpoint, W (simulator/README.md: 312 W at -4 C).</summary>
    public double CompressorCapacityW { get; set; } = 312;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(SetpointC >= -8 && SetpointC <= 5))
        {
            yield return $"Control:SetpointC: {SetpointC} is out of range; scalp cooling runs from -8 to 5 C.";
        }

        foreach (var (name, value) in new[] { (nameof(Kp), Kp), (nameof(Ki), Ki), (nameof(Kd), Kd) })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                yield return $"Control:{name}: {value} must be zero or a positive number.";
            }
        }

        if (!(CompressorMinPct >= 0 && CompressorMinPct < 100))
        {
            yield return $"Control:CompressorMinPct: {CompressorMinPct} is out of range; use 0 to 99.";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(DerivativeFilterSeconds), DerivativeFilterSeconds), (nameof(CompressorMinOffSeconds), CompressorMinOffSeconds),
            (nameof(StopBelowSetpointC), StopBelowSetpointC), (nameof(ReadyBandC), ReadyBandC), (nameof(ReadySeconds), ReadySeconds),
        })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                yield return $"Control:{name}: {value} must be a positive number.";
            }
        }

        foreach (var (name, value) in new[]
        {
            (nameof(ReservoirHeatCapacityJPerK), ReservoirHeatCapacityJPerK), (nameof(CapHeatCapacityJPerK), CapHeatCapacityJPerK),
            (nameof(CapWarmingMinutes), CapWarmingMinutes), (nameof(CompressorCapacityW), CompressorCapacityW),
        })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                yield return $"Control:{name}: {value} must be a positive number.";
            }
        }

        if (!(CapLoadW >= 0 && CapLoadW <= 500))
        {
            yield return $"Control:CapLoadW: {CapLoadW} is out of range; use 0 to 500 W.";
        }

        if (!(CapStartC >= -10 && CapStartC <= 45))
        {
            yield return $"Control:CapStartC: {CapStartC} is out of range; use -10 to 45 C.";
        }

        // At minimum speed the compressor stops StopBelowSetpointC below the setpoint and the sensor reads 0.05 C of noise:
        // a ready band not ReadyMarginC wider than that stop leaves readiness at every ordinary stop, with or without pre-chill.
        if (ReadyBandC > 0 && StopBelowSetpointC > 0 && ReadyBandC < StopBelowSetpointC + PreChillBounds.ReadyMarginC)
        {
            yield return FormattableString.Invariant(
                $"Control:ReadyBandC: {ReadyBandC} is narrower than the compressor's stop (Control:StopBelowSetpointC {StopBelowSetpointC}) plus {PreChillBounds.ReadyMarginC} C; the unit would leave readiness each time the compressor stops. Use at least {StopBelowSetpointC + PreChillBounds.ReadyMarginC:0.##} C.");
        }

        if (!(PreChillMaxMinutes >= 0 && PreChillMaxMinutes <= PreChillBounds.MaxMinutes))
        {
            yield return $"Control:PreChillMaxMinutes: {PreChillMaxMinutes} is out of range; use 0 to {PreChillBounds.MaxMinutes} minutes.";
        }

        var maxOffset = PreChillBounds.MaxOffsetC(this);
        if (!(PreChillOffsetC >= 0 && PreChillOffsetC <= maxOffset))
        {
            yield return FormattableString.Invariant(
                $"Control:PreChillOffsetC: {PreChillOffsetC} is out of range; use 0 to {maxOffset:0.##} C (at most {PreChillBounds.MaxAbsoluteOffsetC} C, and {PreChillBounds.ReadyMarginC} C inside Control:ReadyBandC {ReadyBandC}).");
        }
    }
}
