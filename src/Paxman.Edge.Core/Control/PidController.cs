namespace Paxman.Edge.Core.Control;

/// <summary>
/// A PID loop in the style Klipper uses for heaters, turned round for a chiller (more output when the measurement
/// is above the setpoint): derivative on the measurement (so a setpoint change does not kick), smoothed by a
/// first-order filter; the integral is frozen while the output saturates in the direction of the error and kept
/// within the output limits; the output is clamped; and a start is bumpless (the integral takes up the output the
/// loop starts from). dt is the measured time between updates.
/// </summary>
public sealed class PidController
{
    private readonly double _min;
    private readonly double _max;
    private double _integral;
    private double _lastMeasurement;
    private double _derivative;
    private bool _running;

    public PidController(double kp, double ki, double kd, double derivativeFilterSeconds, double outputMin, double outputMax)
    {
        Kp = kp;
        Ki = ki;
        Kd = kd;
        DerivativeFilterSeconds = derivativeFilterSeconds;
        _min = outputMin;
        _max = outputMax;
    }

    public double Kp { get; private set; }

    public double Ki { get; private set; }

    public double Kd { get; private set; }

    public double DerivativeFilterSeconds { get; }

    /// <summary>The last output.</summary>
    public double Output { get; private set; }

    public bool Running => _running;

    /// <summary>Stops the loop; the next <see cref="Update"/> starts it bumplessly from the output given to <see cref="Start"/>.</summary>
    public void Stop() => _running = false;

    /// <summary>Starts the loop so that its first output continues from <paramref name="currentOutput"/>.</summary>
    public void Start(double currentOutput, double measurement)
    {
        _integral = Math.Clamp(currentOutput, _min, _max);
        _lastMeasurement = measurement;
        _derivative = 0;
        Output = _integral;
        _running = true;
    }

    /// <summary>New gains, taken bumplessly (the integral absorbs the change of the proportional term).</summary>
    public void SetGains(double kp, double ki, double kd, double setpoint)
    {
        if (_running)
        {
            _integral = Math.Clamp(_integral + ((Kp - kp) * (_lastMeasurement - setpoint)), _min, _max);
        }

        Kp = kp;
        Ki = ki;
        Kd = kd;
    }

    /// <summary>The integral term: at rest, the output the steady load needs beyond any feed-forward.</summary>
    public double Integral => _integral;

    /// <summary>One step: <paramref name="dtSeconds"/> since the last, measured from timestamps.</summary>
    /// <param name="setpoint">What the loop aims for.</param>
    /// <param name="measurement">The measured value.</param>
    /// <param name="dtSeconds">Measured time since the last step.</param>
    /// <param name="shift">
    /// Feed-forward added to the loop's own output before the clamp (README, "Control"). The integral keeps only what
    /// the feed-forward leaves (it may go as far below the lower limit as the shift reaches); a shift at or above the
    /// upper limit commands that limit whatever the error, and the integral holds meanwhile.
    /// </param>
    public double Update(double setpoint, double measurement, double dtSeconds, double shift = 0)
    {
        if (!_running)
        {
            Start(Output, measurement);
            _integral = Math.Clamp(Output - shift, _min - Math.Max(0, shift), _max);
        }

        var error = measurement - setpoint;
        if (dtSeconds > 0)
        {
            var rate = (measurement - _lastMeasurement) / dtSeconds;
            var alpha = dtSeconds / (DerivativeFilterSeconds + dtSeconds);
            _derivative += alpha * (rate - _derivative);
        }

        _lastMeasurement = measurement;
        var proportional = Kp * error;
        var derivative = Kd * _derivative;
        var integral = _integral + (Ki * error * Math.Max(0, dtSeconds));
        var unclamped = proportional + integral + derivative + shift;
        if (shift >= _max)
        {
            Output = _max;
            return Output;
        }

        // Conditional integration: no winding further into a saturated output.
        if (!((unclamped > _max && error > 0) || (unclamped < _min && error < 0)))
        {
            _integral = Math.Clamp(integral, _min - Math.Max(0, shift), _max);
        }

        Output = Math.Clamp(proportional + _integral + derivative + shift, _min, _max);
        return Output;
    }
}
