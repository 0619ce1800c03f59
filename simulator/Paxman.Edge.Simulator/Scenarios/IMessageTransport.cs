using Paxman.Edge.Core.State;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// The seam under the unit's publishers: a publisher turns what the engine produced (records, alarm changes) into
/// topic and payload and hands them to a transport. Over MQTT the transport is the broker connection; in the scenario
/// runner it is <see cref="CaptureTransport"/>, which writes what would have been sent. The engine reads
/// <see cref="IBrokerStatus.IsConnected"/> through the same object, so what it journals as <c>historical</c> agrees
/// with what is published.
/// </summary>
internal interface IMessageTransport : IBrokerStatus
{
    /// <summary>
    /// Hands one message to the broker; true once the broker has taken it (over MQTT, PUBACK with reason Success).
    /// A transport that cannot deliver now returns false, and the publisher keeps the message for a retry.
    /// </summary>
    bool Publish(in TransportMessage message);
}
