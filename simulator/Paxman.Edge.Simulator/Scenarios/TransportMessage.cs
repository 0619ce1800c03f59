namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>One message a publisher hands to its transport: the topic under <c>paxman/v1/{unitId}</c> and the exact payload bytes.</summary>
internal readonly record struct TransportMessage(string Topic, ReadOnlyMemory<byte> Payload, bool Retain = false);
