namespace Paxman.Edge.Core.Control;

/// <summary>
/// What the sessions know ahead of the coolant (README, "Control", feed-forward): a channel's session is prepared (its
/// cap is being fitted; pre-cool, and the valve opening on a warm cap, will follow). The valve opening itself is the
/// channel's cooling demand turning on, which control sees in <see cref="CoolantControl.Update(in Sensing.PlantSnapshot, bool, bool, Safety.SafetyVerdict, in ControlCues)"/>.
/// </summary>
public readonly record struct ControlCues(bool PreparedA, bool PreparedB)
{
    /// <summary>No session known: the PID and each cap's load alone.</summary>
    public static ControlCues None => default;

    public bool Prepared(CapChannel channel) => channel == CapChannel.A ? PreparedA : PreparedB;
}
