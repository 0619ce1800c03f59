namespace Paxman.Edge.Messaging;

/// <summary>The unit's topics under <c>paxman/v1/{unitId}</c> (README, "External interfaces").</summary>
public sealed class MqttTopics
{
    public MqttTopics(string unitId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitId);
        Root = $"paxman/v1/{unitId}";
    }

    public string Root { get; }

    /// <summary>Retained, QoS 1: online/offline; the connection's Will sets it offline.</summary>
    public string Status => $"{Root}/status";

    /// <summary>QoS 1, not retained: each alarm occurrence's changes, on a queue of their own.</summary>
    public string Alarms => $"{Root}/alarms";

    /// <summary>QoS 1: technicians' requests (MQTT 5 request/response).</summary>
    public string DiagRequest => $"{Root}/diag/request";

    /// <summary>Responses go only to response topics under this prefix.</summary>
    public string DiagResponsePrefix => $"{Root}/diag/response/";
}
