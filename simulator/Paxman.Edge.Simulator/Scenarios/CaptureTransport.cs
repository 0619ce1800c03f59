using Paxman.Edge.Core.State;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// The scenario runner's transport (README of the simulator, "Scenario runner"): every record and alarm change the
/// outboxes publish is written to the run's output as a line, in the order published; telemetry, channel states and
/// notices are taken and not written. It answers synchronously, so the outboxes drain in lock-step. <c>broker-down</c>
/// and <c>broker-up</c> switch <see cref="IsConnected"/>: while down nothing is taken and the journal's outboxes keep
/// everything, which comes out after <c>broker-up</c>, in order. The engine reads the same connection (and the records
/// backlog) as its <see cref="IBrokerStatus"/>, so what it journals as <c>historical</c> agrees with what is published.
/// </summary>
internal sealed class CaptureTransport(ScenarioOutput output) : IMessageTransport, IBrokerStatus
{
    private const string AlarmsSuffix = "/alarms";
    private const string SessionsPart = "/sessions/";

    /// <inheritdoc cref="IMessageTransport.IsConnected" />
    public bool IsConnected { get; set; } = true;

    /// <inheritdoc />
    public int Backlog { get; set; }

    /// <inheritdoc />
    public DateTimeOffset? OldestUndeliveredAt { get; set; }

    /// <inheritdoc />
    public ValueTask<PublishOutcome> PublishAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return ValueTask.FromResult(PublishOutcome.NotSent);
        }

        if (message.Topic.EndsWith(AlarmsSuffix, StringComparison.Ordinal))
        {
            output.Alarm(message.Payload.Span);
        }
        else if (message.Topic.Contains(SessionsPart, StringComparison.Ordinal))
        {
            output.Record(message.Payload.Span);
        }

        return ValueTask.FromResult(PublishOutcome.Delivered);
    }
}
