using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Journal;

/// <summary>
/// The journal file was found damaged at start-up and kept aside; a new one was started (src/Paxman.Edge.Storage/README.md): high
/// priority, latched until acknowledged, because records may need recovery from the kept file.
/// </summary>
public sealed class JournalDamagedCondition : SignalledCondition
{
    public override string Code => "journal-damaged";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override bool HoldsSafeState => false;

    public override bool IsEvent => true;

    public override string Message => "The unit's journal was damaged and kept aside; a new one was started. Records may need recovery: call a technician.";
}
