using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Journal;

/// <summary>
/// The journal file was found damaged at start-up and kept aside; a new one was started (README, "Journal"): high
/// priority, latched until acknowledged, because records may need recovery from the kept file.
/// </summary>
public sealed class JournalDamagedCondition : AlarmCondition
{
    public override string Code => "journal-damaged";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override bool HoldsSafeState => false;

    public override string Message => "The unit's journal was damaged and kept aside; a new one was started. Records may need recovery: call a technician.";

    public bool Active { get; set; }

    public override bool Evaluate(in SafetyContext context) => Active;
}
