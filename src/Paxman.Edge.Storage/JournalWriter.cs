using System.Globalization;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>
/// The one connection that writes: each batch of queued writes is one transaction, so one fsync of the WAL
/// (<c>synchronous=FULL</c>) makes all of them durable together. Used only by the journal's writer thread.
/// </summary>
internal sealed class JournalWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly RowChecksum _crc = new();
    private readonly SqliteCommand _insertSession;
    private readonly SqliteCommand _deleteCheckpoints;
    private readonly SqliteCommand _insertRecord;
    private readonly SqliteCommand _insertAlarm;
    private readonly SqliteCommand _insertNotice;
    private readonly SqliteCommand _insertUnitEvent;
    private readonly SqliteCommand _upsertCheckpoint;
    private readonly SqliteCommand _upsertMeta;
    private readonly SqliteCommand[] _all;
    private string _anchor;

    public JournalWriter(string path, string? anchor)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA foreign_keys = OFF;");
        var mode = Scalar("PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"The journal {path} cannot be put in WAL mode (it is in {mode} mode).");
        }

        _anchor = anchor ?? JournalContents.Genesis;
        _insertSession = Prepare(
            "INSERT INTO session_rows (seq, session_id, channel, kind, at, timeline, operator_id, detail, state_json, crc) " +
            "VALUES ($seq, $session_id, $channel, $kind, $at, $timeline, $operator_id, $detail, $state_json, $crc)");
        _deleteCheckpoints = Prepare($"DELETE FROM session_rows WHERE session_id = $session_id AND kind = '{JournalSchema.CheckpointKind}'");
        _insertRecord = Prepare(
            "INSERT INTO records (seq, session_id, channel, ended_at, json, hash, prev_hash, delivered_at, crc) " +
            "VALUES ($seq, $session_id, $channel, $ended_at, $json, $hash, $prev_hash, NULL, $crc)");
        _insertAlarm = Prepare(
            "INSERT INTO alarms (seq, alarm_id, code, priority, state, channel, at, message, historical, delivered_at, crc) " +
            "VALUES ($seq, $alarm_id, $code, $priority, $state, $channel, $at, $message, $historical, NULL, $crc)");
        _insertNotice = Prepare(
            "INSERT INTO notices (seq, notice, channel, session_id, at, delivered_at, crc) VALUES ($seq, $notice, $channel, $session_id, $at, NULL, $crc)");
        _insertUnitEvent = Prepare("INSERT INTO unit_events (seq, kind, at, timeline, detail, crc) VALUES ($seq, $kind, $at, $timeline, $detail, $crc)");
        _upsertCheckpoint = Prepare(
            "INSERT OR REPLACE INTO unit_checkpoint (id, seq, timeline, at, monotonic, frequency, boot_id, crc) " +
            "VALUES (1, $seq, $timeline, $at, $monotonic, $frequency, $boot_id, $crc)");
        _upsertMeta = Prepare("INSERT INTO meta (key, value, crc) VALUES ($key, $value, $crc) ON CONFLICT (key) DO UPDATE SET value = excluded.value, crc = excluded.crc");
        _all = [_insertSession, _deleteCheckpoints, _insertRecord, _insertAlarm, _insertNotice, _insertUnitEvent, _upsertCheckpoint, _upsertMeta];
    }

    /// <summary>Transactions committed.</summary>
    public long Commits { get; private set; }

    /// <summary>Test seam at the lowest level: runs inside each transaction just before its commit; what it throws fails the commit.</summary>
    public Action<SqliteConnection>? BeforeCommit { get; set; }

    /// <summary>Commits <paramref name="batch"/> in one transaction; throws (and rolls back) if it cannot.</summary>
    public void Commit(List<Pending> batch)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var command in _all)
        {
            command.Transaction = transaction;
        }

        foreach (var (seq, write) in batch)
        {
            switch (write)
            {
                case SessionRowWrite row:
                    if (row.Kind == JournalSchema.CheckpointKind)
                    {
                        // A checkpoint supersedes the one before: recovery reads a session's newest row only, so a
                        // year of sessions keeps one checkpoint each, not one per 10 s (README, "Space").
                        Run(_deleteCheckpoints, row.SessionId);
                    }

                    Run(_insertSession, seq, row.SessionId, row.Channel, row.Kind, row.At.UtcTicks, row.Timeline.Ticks, row.OperatorId, row.Detail, row.StateJson,
                        JournalRows.SessionChecksum(_crc, seq, row));
                    break;
                case RecordWrite record:
                    Run(_insertRecord, seq, record.SessionId, record.Channel, record.EndedAt.UtcTicks, record.Json, record.Hash, record.PrevHash,
                        JournalRows.RecordChecksum(_crc, seq, record.SessionId, record.Channel, record.EndedAt.UtcTicks, record.Json, record.Hash, record.PrevHash, null));
                    break;
                case AlarmWrite alarm:
                    Run(_insertAlarm, seq, alarm.AlarmId, alarm.Code, alarm.Priority, alarm.State, alarm.Channel, alarm.At.UtcTicks, alarm.Message, alarm.Historical ? 1L : 0L,
                        JournalRows.AlarmChecksum(_crc, seq, alarm, null));
                    break;
                case NoticeWrite notice:
                    Run(_insertNotice, seq, notice.Notice, notice.Channel, notice.SessionId, notice.At.UtcTicks, JournalRows.NoticeChecksum(_crc, seq, notice, null));
                    break;
                case UnitEventWrite unitEvent:
                    Run(_insertUnitEvent, seq, unitEvent.Kind, unitEvent.At.UtcTicks, unitEvent.Timeline.Ticks, unitEvent.Detail, JournalRows.UnitEventChecksum(_crc, seq, unitEvent));
                    break;
                case UnitCheckpointWrite checkpoint:
                    Run(_upsertCheckpoint, seq, checkpoint.Timeline.Ticks, checkpoint.At.UtcTicks, checkpoint.Monotonic, checkpoint.Frequency, checkpoint.BootId,
                        JournalRows.CheckpointChecksum(_crc, seq, checkpoint));
                    break;
                case MarkRecordDelivered mark:
                    mark.Outcome = MarkRecord(transaction, mark);
                    break;
                case MarkAlarmDelivered mark:
                    mark.Outcome = MarkAlarm(transaction, mark);
                    break;
                case MarkNoticeDelivered mark:
                    mark.Outcome = MarkNotice(transaction, mark);
                    break;
                case PruneWrite prune:
                    prune.Result = Prune(transaction, seq, prune.Cutoff);
                    break;
                default:
                    throw new InvalidOperationException($"The journal cannot store a {write.GetType().Name}.");
            }
        }

        BeforeCommit?.Invoke(_connection);
        transaction.Commit();
        Commits++;
    }

    public void Dispose()
    {
        foreach (var command in _all)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private MarkOutcome MarkRecord(SqliteTransaction transaction, MarkRecordDelivered mark)
    {
        StoredRecord record;
        bool intact;
        long? deliveredAt;
        using (var select = Command(transaction, $"SELECT {JournalSchema.RecordColumns} FROM records WHERE session_id = $id", ("$id", mark.SessionId)))
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                return MarkOutcome.NotFound;
            }

            record = JournalRows.ReadRecord(reader, _crc, out intact);
            deliveredAt = reader.IsDBNull(7) ? null : reader.GetInt64(7);
        }

        if (!intact)
        {
            return MarkOutcome.Damaged;
        }

        if (deliveredAt is not null)
        {
            return MarkOutcome.AlreadyDelivered;
        }

        var at = mark.At.UtcTicks;
        var crc = JournalRows.RecordChecksum(_crc, record.Sequence, record.SessionId, record.Channel, record.EndedAt.UtcTicks, record.Json, record.Hash, record.PrevHash, at);
        using var update = Command(transaction, "UPDATE records SET delivered_at = $at, crc = $crc WHERE seq = $seq", ("$at", at), ("$crc", crc), ("$seq", record.Sequence));
        update.ExecuteNonQuery();
        return MarkOutcome.Marked;
    }

    private MarkOutcome MarkAlarm(SqliteTransaction transaction, MarkAlarmDelivered mark)
    {
        StoredAlarm alarm;
        bool intact;
        using (var select = Command(transaction, $"SELECT {JournalSchema.AlarmColumns} FROM alarms WHERE seq = $seq", ("$seq", mark.AlarmSequence)))
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                return MarkOutcome.NotFound;
            }

            alarm = JournalRows.ReadAlarm(reader, _crc, out intact);
        }

        if (!intact)
        {
            return MarkOutcome.Damaged;
        }

        if (alarm.Delivered)
        {
            return MarkOutcome.AlreadyDelivered;
        }

        var at = mark.At.UtcTicks;
        var write = new AlarmWrite(alarm.AlarmId, alarm.Code, alarm.Priority, alarm.State, alarm.Channel, alarm.At, alarm.Message, alarm.Historical);
        var crc = JournalRows.AlarmChecksum(_crc, alarm.Sequence, write, at);
        using var update = Command(transaction, "UPDATE alarms SET delivered_at = $at, crc = $crc WHERE seq = $seq", ("$at", at), ("$crc", crc), ("$seq", alarm.Sequence));
        update.ExecuteNonQuery();
        return MarkOutcome.Marked;
    }

    private MarkOutcome MarkNotice(SqliteTransaction transaction, MarkNoticeDelivered mark)
    {
        StoredNotice notice;
        bool intact;
        using (var select = Command(transaction, $"SELECT {JournalSchema.NoticeColumns} FROM notices WHERE seq = $seq", ("$seq", mark.NoticeSequence)))
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
            {
                return MarkOutcome.NotFound;
            }

            notice = JournalRows.ReadNotice(reader, _crc, out intact);
        }

        if (!intact)
        {
            return MarkOutcome.Damaged;
        }

        if (notice.Delivered)
        {
            return MarkOutcome.AlreadyDelivered;
        }

        var at = mark.At.UtcTicks;
        var crc = JournalRows.NoticeChecksum(_crc, notice.Sequence, new NoticeWrite(notice.Notice, notice.Channel, notice.SessionId, notice.At), at);
        using var update = Command(transaction, "UPDATE notices SET delivered_at = $at, crc = $crc WHERE seq = $seq", ("$at", at), ("$crc", crc), ("$seq", notice.Sequence));
        update.ExecuteNonQuery();
        return MarkOutcome.Marked;
    }

    /// <summary>
    /// Removes the oldest records that were delivered before <paramref name="cutoff"/>, in chain order and stopping at
    /// the first that was not (a record in the middle cannot go without breaking the chain of those after it), with
    /// their sessions' rows; then delivered alarm changes older than the cutoff, except the newest change of an alarm
    /// still open (recovery needs it). The last pruned hash becomes the chain's anchor.
    /// </summary>
    private PruneResult Prune(SqliteTransaction transaction, long seq, DateTimeOffset cutoff)
    {
        var limit = cutoff.UtcTicks;
        var pruned = new List<(long Seq, string SessionId, string Hash)>();
        using (var select = Command(transaction, "SELECT seq, session_id, hash, delivered_at FROM records ORDER BY seq"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read() && !reader.IsDBNull(3) && reader.GetInt64(3) < limit)
            {
                pruned.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var sessionRows = 0;
        foreach (var (recordSeq, sessionId, _) in pruned)
        {
            using var rows = Command(transaction, "DELETE FROM session_rows WHERE session_id = $id", ("$id", sessionId));
            sessionRows += rows.ExecuteNonQuery();
            using var record = Command(transaction, "DELETE FROM records WHERE seq = $seq", ("$seq", recordSeq));
            record.ExecuteNonQuery();
        }

        using var alarms = Command(
            transaction,
            "DELETE FROM alarms WHERE delivered_at IS NOT NULL AND delivered_at < $limit AND at < $limit " +
            "AND NOT (state <> 'cleared' AND seq = (SELECT MAX(b.seq) FROM alarms b WHERE b.alarm_id = alarms.alarm_id))",
            ("$limit", limit));
        var alarmRows = alarms.ExecuteNonQuery();
        using var notices = Command(transaction, "DELETE FROM notices WHERE delivered_at IS NOT NULL AND delivered_at < $limit AND at < $limit", ("$limit", limit));
        notices.ExecuteNonQuery();
        using var unitEvents = Command(transaction, "DELETE FROM unit_events WHERE at < $limit", ("$limit", limit));
        unitEvents.ExecuteNonQuery();

        if (pruned.Count > 0)
        {
            _anchor = pruned[^1].Hash;
            SetMeta(JournalSchema.ChainAnchorKey, _anchor);
        }

        // The pages freed go back to the file system in the same transaction (a journal whose migration could not
        // switch incremental auto-vacuum on keeps them for reuse: its file stops growing but does not shrink).
        using (var vacuum = Command(transaction, "PRAGMA incremental_vacuum"))
        using (var freed = vacuum.ExecuteReader())
        {
            while (freed.Read())
            {
            }
        }

        // Rows may all be gone now: keep the sequence counter from ever going back.
        SetMeta(JournalSchema.HighWaterKey, seq.ToString(CultureInfo.InvariantCulture));
        return new PruneResult(pruned.Count, sessionRows, alarmRows, _anchor);
    }

    private void SetMeta(string key, string value) => Run(_upsertMeta, key, value, JournalRows.MetaChecksum(_crc, key, value));

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in ParameterNames(sql))
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static IEnumerable<string> ParameterNames(string sql)
    {
        for (var i = sql.IndexOf('$', StringComparison.Ordinal); i >= 0; i = sql.IndexOf('$', i + 1))
        {
            var end = i + 1;
            while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            yield return sql[i..end];
        }
    }

    private static void Run(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
