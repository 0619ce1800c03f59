using System.Text;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// The records outbox: each final session record on <c>.../sessions/{sessionId}</c>, QoS 1, not retained, its payload
/// the journal's stored text byte for byte, in the order sealed. Delivered only on a PUBACK with reason Success:
/// <c>NoMatchingSubscribers</c> (no billing consumer has ever subscribed) keeps it queued. The backlog (count and the
/// oldest's end) is reported after every batch.
/// </summary>
public sealed class RecordsOutbox : Outbox<StoredRecord>
{
    private readonly IJournal _journal;
    private readonly MqttTopics _topics;
    private readonly TimeProvider _time;
    private readonly Action<RecordBacklog> _backlog;

    /// <param name="backlog">Told the records outbox's count and oldest after every batch and on <see cref="ReportBacklog"/>.</param>
    public RecordsOutbox(IJournal journal, MqttTopics topics, IMessageTransport transport, TimeProvider time, Random jitter, Action<RecordBacklog> backlog,
        ILogger logger)
        : base("records", transport, time, jitter, logger)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(backlog);
        _journal = journal;
        _topics = topics;
        _time = time;
        _backlog = backlog;
    }

    /// <summary>Reads the backlog from the journal and reports it.</summary>
    public void ReportBacklog() => _backlog(_journal.PendingRecordBacklog());

    // Larger batches for a backlog: fewer reads, and fewer waits for the last group commit of the marks
    // (README, "Measured figures": 100 gave 0.48 of a bare MQTTnet loop here, 500 gives the figure shown).
    protected override int Batch => 500;

    protected override IReadOnlyList<StoredRecord> ReadPending(int limit) => _journal.PendingRecords(limit);

    protected override TransportMessage Message(StoredRecord entry) => new(_topics.Session(entry.SessionId), Encoding.UTF8.GetBytes(entry.Json));

    protected override bool Delivers(PublishOutcome outcome) => outcome == PublishOutcome.Delivered;

    protected override Task MarkDeliveredAsync(StoredRecord entry) => _journal.MarkRecordDeliveredAsync(entry.SessionId, _time.GetUtcNow());

    protected override string Describe(StoredRecord entry) => $"session {entry.SessionId}";

    protected override void AfterBatch() => ReportBacklog();
}
