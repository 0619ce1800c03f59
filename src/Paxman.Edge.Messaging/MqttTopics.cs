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

    /// <summary>QoS 1, not retained: a final session record, on <c>.../sessions/{sessionId}</c>.</summary>
    public string Session(string sessionId) => $"{Root}/sessions/{sessionId}";

    /// <summary>The topic filter of every record of this unit.</summary>
    public string Sessions => $"{Root}/sessions/+";

    /// <summary>QoS 0: live figures once a second of device time; not queued.</summary>
    public string Telemetry => $"{Root}/telemetry";

    /// <summary>QoS 1: the nurse station's notices, on a durable queue of their own.</summary>
    public string Notices => $"{Root}/notices";

    /// <summary>QoS 1, retained: a channel's availability (<c>A</c> or <c>B</c>).</summary>
    public string Channel(string channel) => $"{Root}/channels/{channel}";

    /// <summary>QoS 1: technicians' requests (MQTT 5 request/response).</summary>
    public string DiagRequest => $"{Root}/diag/request";

    /// <summary>Responses go only to response topics under this prefix.</summary>
    public string DiagResponsePrefix => $"{Root}/diag/response/";
}
