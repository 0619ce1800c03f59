namespace Paxman.Edge.Messaging;

/// <summary>The unit's topics under <c>paxman/v1/{unitId}</c> (CONTRACT section 3).</summary>
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
}
