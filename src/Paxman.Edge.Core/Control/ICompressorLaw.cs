namespace Paxman.Edge.Core.Control;

/// <summary>How the compressor's speed follows the coolant temperature; <see cref="CoolantControl"/> runs one.</summary>
public interface ICompressorLaw
{
    /// <summary>The speed to command this tick, 0 or at least the minimum speed.</summary>
    /// <param name="aim">What control aims for this tick: the target, the feed-forward and where to stop at minimum speed.</param>
    /// <param name="supplyC">The coolant supply temperature.</param>
    /// <param name="dtSeconds">Measured time since the previous decision.</param>
    /// <param name="now">Device uptime.</param>
    /// <param name="current">The speed commanded on the previous tick (0 = stopped).</param>
    /// <param name="changedAt">When the compressor last started or stopped, or null if it never ran.</param>
    byte Decide(in ControlAim aim, double supplyC, double dtSeconds, TimeSpan now, byte current, TimeSpan? changedAt);

    /// <summary>Cooling was taken away (safe state, compressor off); the next decision starts afresh.</summary>
    void Suspend();
}

/// <summary>
/// The unit's law: <see cref="PidController"/> on the supply temperature, within the compressor's limits. Below its
/// minimum speed the compressor holds that speed, and stops only once the coolant is
/// <see cref="ControlOptions.StopBelowSetpointC"/> below the setpoint; after a stop it is not commanded again for
/// <see cref="ControlOptions.CompressorMinOffSeconds"/>. It aims for the target it is given (the setpoint, or the
/// pre-chill target; the stop then moves with it, <see cref="PreChillBounds.StopAtC"/>) and adds the feed-forward to the
/// PID's output (<see cref="PidController.Update"/>'s shift).
/// </summary>
public sealed class PidCompressorLaw : ICompressorLaw
{
    private readonly ControlOptions _options;

    public PidCompressorLaw(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Pid = new PidController(options.Kp, options.Ki, options.Kd, options.DerivativeFilterSeconds, 0, 100);
    }

    public PidController Pid { get; }

    private double? _smoothedC;

    public byte Decide(in ControlAim aim, double supplyC, double dtSeconds, TimeSpan now, byte current, TimeSpan? changedAt)
    {
        var o = _options;
        var minimum = Math.Ceiling(o.CompressorMinPct);
        var u = Pid.Update(aim.TargetC, supplyC, dtSeconds, aim.FeedForwardPct);
        // The supply smoothed for a pre-chill's stop (first order; it follows every reading, so it is warm when needed).
        _smoothedC = _smoothedC is { } s && aim.StopFilterSeconds > 0
            ? s + ((supplyC - s) * Math.Max(0, dtSeconds) / (aim.StopFilterSeconds + Math.Max(0, dtSeconds)))
            : supplyC;
        if (current > 0)
        {
            if (u >= minimum)
            {
                return (byte)Math.Round(u);
            }

            return _smoothedC < aim.StopAtC ? (byte)0 : (byte)minimum;
        }

        var rested = changedAt is not { } stopped || now - stopped >= TimeSpan.FromSeconds(o.CompressorMinOffSeconds);
        var wanted = u >= minimum || supplyC > aim.TargetC + o.StopBelowSetpointC;
        return rested && wanted ? (byte)Math.Round(Math.Max(u, minimum)) : (byte)0;
    }

    public void Suspend() => Pid.Stop();
}

/// <summary>
/// The baseline the benchmark compares the PID with: an on/off thermostat, full speed when the coolant is more than
/// <see cref="HysteresisC"/> above the setpoint, off when more than that below, each state held at least
/// <see cref="MinimumStateSeconds"/>. Not used by the unit; it knows no feed-forward and holds its own setpoint.
/// </summary>
public sealed class ThermostatCompressorLaw(double setpointC, double hysteresisC = 1, double minimumStateSeconds = 180) : ICompressorLaw
{
    public double HysteresisC => hysteresisC;

    public double MinimumStateSeconds => minimumStateSeconds;

    public byte Decide(in ControlAim aim, double supplyC, double dtSeconds, TimeSpan now, byte current, TimeSpan? changedAt)
    {
        var held = changedAt is not { } at || now - at >= TimeSpan.FromSeconds(minimumStateSeconds);
        if (current > 0)
        {
            return held && supplyC < setpointC - hysteresisC ? (byte)0 : (byte)100;
        }

        return held && supplyC > setpointC + hysteresisC ? (byte)100 : (byte)0;
    }

    public void Suspend()
    {
    }
}
