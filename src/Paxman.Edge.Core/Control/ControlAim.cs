namespace Paxman.Edge.Core.Control;

/// <summary>
/// What <see cref="CoolantControl"/> asks of its compressor law this tick (README, "Control"): the temperature to aim
/// for (the setpoint, or below it while pre-chilling), the compressor % fed forward from known disturbances (at least
/// 100: full speed whatever the error), and where the compressor at its minimum speed stops.
/// </summary>
public readonly record struct ControlAim(double TargetC, double FeedForwardPct, double StopAtC)
{
    /// <summary>The aim without feed-forward: the setpoint, and the stop <see cref="ControlOptions.StopBelowSetpointC"/> below it.</summary>
    public static ControlAim Plain(ControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ControlAim(options.SetpointC, 0, options.SetpointC - options.StopBelowSetpointC);
    }
}
