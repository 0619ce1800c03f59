using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>The service's transport: the unit's one broker connection, with each PUBACK's reason code read as it is.</summary>
public sealed class MqttTransport(MqttConnection connection) : IMessageTransport
{
    /// <inheritdoc />
    public bool IsConnected => connection.IsConnected;

    /// <inheritdoc />
    public async ValueTask<PublishOutcome> PublishAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(new ReadOnlySequence<byte>(message.Payload))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(message.QualityOfService == 0 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce);
        if (message.Retain)
        {
            builder.WithRetainFlag();
        }

        var result = await connection.TryPublishAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        return Outcome(result);
    }

    /// <summary>The outcome of MQTTnet's publish result; null (no connection, a failure) is <see cref="PublishOutcome.NotSent"/>.</summary>
    public static PublishOutcome Outcome(MqttClientPublishResult? result) => result switch
    {
        null => PublishOutcome.NotSent,
        { ReasonCode: MqttClientPublishReasonCode.Success } => PublishOutcome.Delivered,
        // Checked by its code: IsSuccess is true for this one as well.
        { ReasonCode: MqttClientPublishReasonCode.NoMatchingSubscribers } => PublishOutcome.NoMatchingSubscribers,
        _ => PublishOutcome.Refused,
    };
}
