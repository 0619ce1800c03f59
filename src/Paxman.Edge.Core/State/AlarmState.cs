namespace Paxman.Edge.Core.State;

/// <summary>An alarm occurrence as shown in <c>/api/status</c> (README, "External interfaces").</summary>
/// <param name="ConditionEnded">
/// A latched (high-priority) alarm whose condition has ended: the next acknowledgement resets it (an addition to the
/// contract's shape; false for every other alarm).
/// </param>
public sealed record AlarmState(
    string AlarmId,
    string Code,
    string Priority,
    string State,
    string? Channel,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcStamp))] DateTimeOffset At,
    string Message,
    bool ConditionEnded);
