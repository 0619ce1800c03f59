using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Journal;

/// <summary>
/// The journal cannot write (src/Paxman.Edge.Storage/README.md): high priority. Treatment may go on (the patient is not at risk), but
/// nothing new is durable and no nurse action is acknowledged, so a technician must act.
/// </summary>
public sealed class JournalFaultCondition : SignalledCondition
{
    public override string Code => "journal-fault";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(1);

    public override bool HoldsSafeState => false;

    public override string Message => "The unit cannot write its journal: session times are not being saved. Call a technician; note times by hand.";
}
