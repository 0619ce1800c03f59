using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// A high-priority alarm restored from the journal whose code this host has no condition for (a code an earlier
/// version raised, say): nothing evaluates it, so its condition has ended, and on doubt it holds the safe state until a
/// person resets it (README, "Safety"; src/Paxman.Edge.Core/Safety/README.md, "restored trip").
/// </summary>
public sealed class RestoredTripCondition(string code, CapChannel? channel, string message) : AlarmCondition
{
    public override string Code { get; } = code;

    public override AlarmPriority Priority => AlarmPriority.High;

    public override CapChannel? Channel { get; } = channel;

    public override TimeSpan DetectionTime => TimeSpan.Zero;

    public override SafetyAction Action => SafetyAction.SafeState;

    public override string Message { get; } = message;

    /// <summary>Never evaluated by the supervisor; false if it were.</summary>
    public override bool Evaluate(in SafetyContext context) => false;
}
