using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// The alarms outbox: every alarm change on <c>.../alarms</c>, QoS 1, from the journal's alarms outbox, a queue of its own
/// apart from records, so alarms never wait behind them. Any PUBACK but a refusal delivers it: for an alarm
/// <c>NoMatchingSubscribers</c> only means no monitor is listening. One raised while the broker was unreachable carries
/// <c>historical: true</c> (decided when it was journaled).
/// </summary>
public sealed class AlarmsOutbox(IJournal journal, MqttTopics topics, IMessageTransport transport, TimeProvider time, Random jitter, ILogger logger)
    : Outbox<StoredAlarm>("alarms", transport, time, jitter, logger)
{
    protected override IReadOnlyList<StoredAlarm> ReadPending(int limit) => journal.PendingAlarms(limit);

    protected override TransportMessage Message(StoredAlarm entry) =>
        new(topics.Alarms, new AlarmMessage(entry.AlarmId, entry.Code, entry.Priority, entry.State, entry.Channel, entry.At, entry.Message, entry.Historical).Encode());

    protected override bool Delivers(PublishOutcome outcome) => outcome is PublishOutcome.Delivered or PublishOutcome.NoMatchingSubscribers;

    protected override Task MarkDeliveredAsync(StoredAlarm entry)
    {
        journal.MarkAlarmDelivered(entry.Sequence);
        return Task.CompletedTask;
    }

    protected override string Describe(StoredAlarm entry) => $"{entry.Code} {entry.State}";
}
