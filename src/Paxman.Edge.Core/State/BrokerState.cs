namespace Paxman.Edge.Core.State;

/// <summary>The MQTT connection as seen by the unit. <see cref="Backlog"/> is null until the durable outbox exists.</summary>
public sealed record BrokerState(bool Connected, int? Backlog);
