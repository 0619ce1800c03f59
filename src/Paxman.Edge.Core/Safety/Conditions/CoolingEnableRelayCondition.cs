using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The cooling-enable relay's readback (a force-guided mirror contact) disagrees with what the host drove on the
/// last tick for 0.5 s: welded shut (reads closed while driven open: the host's own cut of the compressor is gone) or
/// not closing / its readback broken (reads open while driven closed). High priority and the safe state: the MCU's
/// SAFE still stops the compressor, the second of its two stops. Also records when the relay was last seen to open
/// (<see cref="ProvenOpenAt"/>), which <see cref="RelayProof"/> schedules (src/Paxman.Edge.Core/Safety/README.md).
/// </summary>
public sealed class CoolingEnableRelayCondition : AlarmCondition
{
    private Persistence _disagree;
    private Persistence _open;

    public override string Code => "cooling-enable-relay";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(0.5);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    public override string Message =>
        "The cooling-enable relay does not follow its command (welded or its readback broken): cooling stopped. Call a technician.";

    /// <summary>When the relay was last seen open for 0.5 s while driven open (device uptime), or null if never since start.</summary>
    public TimeSpan? ProvenOpenAt { get; private set; }

    public override bool Evaluate(in SafetyContext context)
    {
        var closed = context.Snapshot.Board.RelayClosed;
        var driven = context.Driven.CoolingEnable;
        if (_open.Update(!driven && !closed, context.Now, DetectionTime))
        {
            ProvenOpenAt = context.Now;
        }

        var active = _disagree.Update(closed != driven, context.Now, DetectionTime);
        Since = _disagree.Since ?? context.Now;
        return active;
    }
}
