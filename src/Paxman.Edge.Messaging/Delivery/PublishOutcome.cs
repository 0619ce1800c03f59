namespace Paxman.Edge.Messaging.Delivery;

/// <summary>What the broker answered to one publish.</summary>
public enum PublishOutcome
{
    /// <summary>PUBACK with reason Success (0); for QoS 0, written to the connection.</summary>
    Delivered,

    /// <summary>
    /// PUBACK with reason NoMatchingSubscribers (16): the broker took it but nobody subscribes. MQTTnet's
    /// <c>IsSuccess</c> is true for it too (README, "Notes on this stack"); a record must not count as delivered on it.
    /// </summary>
    NoMatchingSubscribers,

    /// <summary>Any other PUBACK reason (not authorised, quota exceeded, ...): the broker refused it.</summary>
    Refused,

    /// <summary>No connection, or it failed or timed out before an answer: nothing is known; send it again.</summary>
    NotSent,
}
