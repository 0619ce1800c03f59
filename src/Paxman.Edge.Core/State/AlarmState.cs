namespace Paxman.Edge.Core.State;

/// <summary>An alarm occurrence as shown in <c>/api/status</c> (README, "External interfaces").</summary>
public sealed record AlarmState(
    string AlarmId,
    string Code,
    string Priority,
    string State,
    string? Channel,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcStamp))] DateTimeOffset At,
    string Message);
