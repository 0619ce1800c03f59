namespace Paxman.Edge.Core.State;

/// <summary>
/// The MQTT connection as seen by the unit (<c>/api/status</c> <c>broker</c>): connected, the number of final records
/// not yet delivered, and when the oldest of them ended (null when none is waiting).
/// </summary>
public sealed record BrokerState(
    bool Connected,
    int Backlog,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcStamp))] DateTimeOffset? OldestUndeliveredAt);
