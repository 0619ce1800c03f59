using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// The notices outbox: each nurse-station notice on <c>.../notices</c>, QoS 1, from the journal's notices outbox, queued
/// like alarms (durable, in order, its own queue, never behind records). Any PUBACK but a refusal delivers it.
/// </summary>
public sealed class NoticesOutbox(IJournal journal, MqttTopics topics, IMessageTransport transport, TimeProvider time, Random jitter, ILogger logger)
    : Outbox<StoredNotice>("notices", transport, time, jitter, logger)
{
    protected override IReadOnlyList<StoredNotice> ReadPending(int limit) => journal.PendingNotices(limit);

    protected override TransportMessage Message(StoredNotice entry) =>
        new(topics.Notices, new NoticeMessage(entry.Notice, entry.Channel, entry.SessionId, entry.At).Encode());

    protected override bool Delivers(PublishOutcome outcome) => outcome is PublishOutcome.Delivered or PublishOutcome.NoMatchingSubscribers;

    protected override Task MarkDeliveredAsync(StoredNotice entry)
    {
        journal.MarkNoticeDelivered(entry.Sequence);
        return Task.CompletedTask;
    }

    protected override string Describe(StoredNotice entry) => $"{entry.Notice} on {entry.Channel}";
}
