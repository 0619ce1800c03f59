namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// One message a publisher hands to its transport: the full topic (under <c>paxman/v1/{unitId}</c>), the exact payload
/// bytes, the QoS (0 or 1) and whether the broker should retain it.
/// </summary>
public readonly record struct TransportMessage(string Topic, ReadOnlyMemory<byte> Payload, int QualityOfService = 1, bool Retain = false);
