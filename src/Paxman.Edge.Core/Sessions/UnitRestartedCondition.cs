using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// The host restarted while a session was cooling (README, "Sessions"): high priority, latched until a nurse's resume
/// (or an acknowledgement). It does not hold the safe state by itself: every such session already waits for its resume.
/// </summary>
public sealed class UnitRestartedCondition : SignalledCondition
{
    public override string Code => "unit-restarted";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override bool HoldsSafeState => false;

    public override bool IsEvent => true;

    public override string Message => "The unit restarted during a treatment: check each patient's cap is still on, then press Resume on each channel.";
}
