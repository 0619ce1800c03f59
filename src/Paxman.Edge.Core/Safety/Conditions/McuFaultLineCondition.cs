using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The MCU's hardware fault line disagrees with its STATUS for 1 s while the link is up: the line asserted with no
/// latch in STATUS (a shorted or stuck line, or an MCU fault the link does not report), or a latch in STATUS with the
/// line not asserted (an open line: the hardware path that backs the link is dead). Either way the protection can no
/// longer be trusted: high priority and the safe state (README, "Safety"; src/Paxman.Edge.Core/Safety/README.md).
/// </summary>
public sealed class McuFaultLineCondition : AlarmCondition
{
    private Persistence _disagree;

    public override string Code => "mcu-fault-line";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message => "MCU fault line disagrees with the MCU's status: cooling stopped. Call service, then acknowledge this alarm.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        var latched = s.McuLatched != McuFaults.None;
        var disagree = s.HasStatus && s.Board.McuFault != latched;
        var active = _disagree.Update(disagree, context.Now, DetectionTime);
        Since = _disagree.Since ?? context.Now;
        return active;
    }
}
