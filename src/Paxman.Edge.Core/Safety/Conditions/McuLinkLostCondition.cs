using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// No fresh STATUS from the MCU for 1 s, or STATUS arriving while the MCU no longer acknowledges the host's commands
/// for 1 s (a one-way failure; the link judges both, protocol.md "Link health"), or the MCU refused: high priority,
/// the safe state, a <c>link-lost</c> interruption; the host keeps sending the explicit safe command (one way, it
/// handshakes again at once). Also raised if the MCU is still not linked 5 s after start.
/// </summary>
public sealed class McuLinkLostCondition : AlarmCondition
{
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(5);
    private string _problem = "no status from the chiller";

    public override string Code => "mcu-link-lost";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.LinkLost;

    public override string Message => $"Lost contact with the chiller ({_problem}): cooling stopped. Call a technician if it does not come back.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var lost = s.Link switch
        {
            McuLinkHealth.Lost or McuLinkHealth.Refused => true,
            McuLinkHealth.Connecting => context.Now >= StartGrace,
            _ => false,
        };
        if (lost)
        {
            _problem = s.LinkProblem ?? "no status from the chiller";
        }
        else
        {
            Since = context.Now;
        }

        return lost;
    }
}
