using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// An alarm condition whose state its owner sets (the sessions, the journal) rather than one the safety supervisor
/// evaluates from the snapshot: the owner calls <see cref="Set"/>, then feeds <see cref="Active"/> to the alarm system.
/// </summary>
public abstract class SignalledCondition : AlarmCondition
{
    /// <summary>Whether the condition holds this tick.</summary>
    public bool Active { get; private set; }

    public void Set(bool active) => Active = active;

    public override bool Evaluate(in SafetyContext context) => Active;
}
