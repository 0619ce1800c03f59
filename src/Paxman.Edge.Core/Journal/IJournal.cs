namespace Paxman.Edge.Core.Journal;

/// <summary>
/// The unit's durable journal (README, "Journal"): the audit trail of every session event and alarm change,
/// progress checkpoints, the final session records with their hash chain, and the outboxes MQTT drains.
/// Core defines it; Paxman.Edge.Storage implements it over SQLite.
/// </summary>
/// <remarks>
/// Writes come from the engine's thread and never wait on the disk: <see cref="Append"/> queues the write and returns
/// its sequence number at once; a writer beside the engine commits queued writes in groups (one transaction, one
/// fsync) and completes <see cref="WhenDurable"/>. Readers (HTTP, MQTT, verification) may call from any thread.
/// </remarks>
public interface IJournal : IDisposable
{
    /// <summary>What the journal held when it was opened: for recovery at start-up. Read once, before the first tick.</summary>
    JournalContents Contents { get; }

    /// <summary>True once a write has failed; the engine raises a high-priority alarm. Nothing further is written.</summary>
    bool Faulted { get; }

    /// <summary>Queues one write (engine thread); returns its sequence number. Never blocks on the disk.</summary>
    long Append(JournalWrite write);

    /// <summary>Completes once every write up to <paramref name="sequence"/> is durable; faults if the journal cannot write.</summary>
    Task WhenDurable(long sequence);

    /// <summary>Blocks until everything appended so far is durable (the scenario runner, shutdown); throws if it cannot be.</summary>
    void Flush();

    /// <summary>The final record of a session, with whether MQTT has delivered it; null when none is stored.</summary>
    StoredRecord? FindRecord(string sessionId);

    /// <summary>Final records, newest first (by end time), ended at or after <paramref name="since"/> when given.</summary>
    IReadOnlyList<StoredRecord> ListRecords(DateTimeOffset? since, int limit);

    /// <summary>Alarm changes (the alarm history), newest first, at or after <paramref name="since"/> when given.</summary>
    IReadOnlyList<StoredAlarm> ListAlarms(DateTimeOffset? since, int limit);

    /// <summary>A session's audit trail: every event row of the session, oldest first.</summary>
    IReadOnlyList<SessionRow> SessionTrail(string sessionId);

    /// <summary>Records not yet delivered, oldest first (the MQTT outbox).</summary>
    IReadOnlyList<StoredRecord> PendingRecords(int limit);

    /// <summary>MQTT delivered a record (PUBACK Success).</summary>
    void MarkRecordDelivered(string sessionId, DateTimeOffset at);

    /// <summary>
    /// MQTT delivered a record (PUBACK Success): queues the mark and completes once it is durable, without blocking the
    /// caller, so that a publisher can go on to the next record while the journal commits marks in groups.
    /// </summary>
    Task MarkRecordDeliveredAsync(string sessionId, DateTimeOffset at);

    /// <summary>How many records wait in the outbox, and when the oldest ended.</summary>
    RecordBacklog PendingRecordBacklog();

    /// <summary>Notices not yet delivered, oldest first (the notices outbox, apart from records).</summary>
    IReadOnlyList<StoredNotice> PendingNotices(int limit);

    /// <summary>MQTT delivered a notice.</summary>
    void MarkNoticeDelivered(long sequence);

    /// <summary>Alarm changes not yet delivered, oldest first (the alarms outbox, apart from records).</summary>
    IReadOnlyList<StoredAlarm> PendingAlarms(int limit);

    /// <summary>MQTT delivered an alarm change.</summary>
    void MarkAlarmDelivered(long sequence);
}
