namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// The seam under the unit's publishers (README, "The connection manager"): a publisher turns what the journal holds
/// (records, alarm changes, notices) or what the engine shows (telemetry, channels) into topic and payload and hands
/// them to a transport. In the service the transport is the broker connection (<see cref="MqttTransport"/>); in the
/// scenario runner it is its capture transport, which writes what was sent. The same outbox logic drains both.
/// </summary>
public interface IMessageTransport
{
    /// <summary>True while messages can be handed over.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Hands one message to the broker and returns its answer: for QoS 1 the PUBACK's reason, for QoS 0 whether it was
    /// written. <see cref="PublishOutcome.NotSent"/> when there is no connection or it failed before an answer came; the
    /// caller keeps the message and tries again later. A transport that answers synchronously completes at once.
    /// </summary>
    ValueTask<PublishOutcome> PublishAsync(TransportMessage message, CancellationToken cancellationToken);
}
