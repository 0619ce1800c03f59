namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// The scenario runner's transport: every record and alarm change is written to the run's output as a line, in the
/// order published. <c>broker-down</c> and <c>broker-up</c> switch <see cref="IsConnected"/>; what changes while it is
/// down is flagged <c>historical</c> by the publisher, but delivery itself is not held back yet (a no-op until the MQTT
/// publisher queues in the journal): every message is captured at once.
/// </summary>
internal sealed class CaptureTransport(ScenarioOutput output) : IMessageTransport
{
    private const string AlarmsSuffix = "/alarms";
    private const string SessionsPart = "/sessions/";

    /// <inheritdoc />
    public bool IsConnected { get; set; } = true;

    /// <inheritdoc />
    public bool Publish(in TransportMessage message)
    {
        if (message.Topic.EndsWith(AlarmsSuffix, StringComparison.Ordinal))
        {
            output.Alarm(message.Payload.Span);
        }
        else if (message.Topic.Contains(SessionsPart, StringComparison.Ordinal))
        {
            output.Record(message.Payload.Span);
        }

        return true;
    }
}
