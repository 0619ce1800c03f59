namespace Paxman.Edge.Core.Control;

/// <summary>
/// What <see cref="CoolantControl"/> asks of its compressor law this tick (README, "Control"): the temperature to aim
/// for (the setpoint, or below it while pre-chilling), the compressor % fed forward from known disturbances (at least
/// 100: full speed whatever the error), where the compressor at its minimum speed stops, and over what time constant
/// the supply is smoothed before it is judged against that stop (0: each reading, the PID's rule; a pre-chill's stop
/// sits close to its target, where the sensor's noise alone would stop it).
/// </summary>
public readonly record struct ControlAim(double TargetC, double FeedForwardPct, double StopAtC, double StopFilterSeconds = 0)
{
    /// <summary>The aim without feed-forward: the setpoint, and the stop <see cref="ControlOptions.StopBelowSetpointC"/> below it.</summary>
    public static ControlAim Plain(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ControlAim(options.SetpointC, 0, options.SetpointC - options.StopBelowSetpointC);
    }
}
