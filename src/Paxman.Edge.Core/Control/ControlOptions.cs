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
    }
}
