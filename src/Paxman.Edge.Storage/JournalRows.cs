using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>
/// Each covered table's checksum over all its columns, and the reading of its rows (columns in the order of the
/// <c>*Columns</c> lists of <see cref="JournalSchema"/>). The writer, the readers, the check at open and the verifier
/// all go through here, so they cannot disagree about what a row's checksum covers.
/// </summary>
internal static class JournalRows
{
    public static long SessionChecksum(RowChecksum crc, long seq, SessionRowWrite row) =>
        crc.Begin(JournalSchema.SessionRows).Integer(seq).Text(row.SessionId).Text(row.Channel).Text(row.Kind)
            .Integer(row.At.UtcTicks).Integer(row.Timeline.Ticks).Text(row.OperatorId).Text(row.Detail).Text(row.StateJson).Value;

    public static long RecordChecksum(RowChecksum crc, long seq, string sessionId, string channel, long endedAt, string json, string hash, string prevHash, long? deliveredAt) =>
        crc.Begin(JournalSchema.Records).Integer(seq).Text(sessionId).Text(channel).Integer(endedAt).Text(json).Text(hash).Text(prevHash)
            .Integer(deliveredAt).Value;

    public static long AlarmChecksum(RowChecksum crc, long seq, AlarmWrite alarm, long? deliveredAt) =>
        crc.Begin(JournalSchema.Alarms).Integer(seq).Text(alarm.AlarmId).Text(alarm.Code).Text(alarm.Priority).Text(alarm.State)
            .Text(alarm.Channel).Integer(alarm.At.UtcTicks).Text(alarm.Message).Integer(alarm.Historical ? 1 : 0).Integer(deliveredAt).Value;

    public static long NoticeChecksum(RowChecksum crc, long seq, NoticeWrite notice, long? deliveredAt) =>
        crc.Begin(JournalSchema.Notices).Integer(seq).Text(notice.Notice).Text(notice.Channel).Text(notice.SessionId).Integer(notice.At.UtcTicks)
            .Integer(deliveredAt).Value;

    /// <summary>Reads a row of <see cref="JournalSchema.NoticeColumns"/>.</summary>
    public static StoredNotice ReadNotice(SqliteDataReader reader, RowChecksum crc, out bool intact)
    {
        var seq = reader.GetInt64(0);
        var write = new NoticeWrite(reader.GetString(1), reader.GetString(2), reader.GetString(3), Utc(reader.GetInt64(4)));
        long? deliveredAt = reader.IsDBNull(5) ? null : reader.GetInt64(5);
        intact = NoticeChecksum(crc, seq, write, deliveredAt) == reader.GetInt64(6);
        return new StoredNotice(seq, write.Notice, write.Channel, write.SessionId, write.At, deliveredAt is not null);
    }

    public static long CheckpointChecksum(RowChecksum crc, long seq, UnitCheckpointWrite checkpoint) =>
        crc.Begin(JournalSchema.UnitCheckpoint).Integer(seq).Integer(checkpoint.Timeline.Ticks).Integer(checkpoint.At.UtcTicks)
            .Integer(checkpoint.Monotonic).Integer(checkpoint.Frequency).Text(checkpoint.BootId).Value;

    public static long UnitEventChecksum(RowChecksum crc, long seq, UnitEventWrite unitEvent) =>
        crc.Begin(JournalSchema.UnitEvents).Integer(seq).Text(unitEvent.Kind).Integer(unitEvent.At.UtcTicks).Integer(unitEvent.Timeline.Ticks)
            .Text(unitEvent.Detail).Value;

    /// <summary>Reads a row of <see cref="JournalSchema.UnitEventColumns"/>.</summary>
    public static UnitEventWrite ReadUnitEvent(SqliteDataReader reader, RowChecksum crc, out bool intact)
    {
        var seq = reader.GetInt64(0);
        var write = new UnitEventWrite(reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), TimeSpan.FromTicks(reader.GetInt64(3)), reader.GetString(4));
        intact = UnitEventChecksum(crc, seq, write) == reader.GetInt64(5);
        return write;
    }

    public static long MetaChecksum(RowChecksum crc, string key, string value) => crc.Begin(JournalSchema.Meta).Text(key).Text(value).Value;

    /// <summary>Reads a row of <see cref="JournalSchema.SessionColumns"/>; <paramref name="intact"/> says whether its checksum matches.</summary>
    public static SessionRow ReadSession(SqliteDataReader reader, RowChecksum crc, out bool intact)
    {
        var seq = reader.GetInt64(0);
        var write = new SessionRowWrite(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            Utc(reader.GetInt64(4)),
            TimeSpan.FromTicks(reader.GetInt64(5)),
            NullableText(reader, 6),
            NullableText(reader, 7),
            reader.GetString(8));
        intact = SessionChecksum(crc, seq, write) == reader.GetInt64(9);
        return new SessionRow(seq, write.SessionId, write.Channel, write.Kind, write.At, write.Timeline, write.OperatorId, write.Detail, write.StateJson);
    }

    /// <summary>Reads a row of <see cref="JournalSchema.RecordColumns"/>.</summary>
    public static StoredRecord ReadRecord(SqliteDataReader reader, RowChecksum crc, out bool intact)
    {
        var seq = reader.GetInt64(0);
        var sessionId = reader.GetString(1);
        var channel = reader.GetString(2);
        var endedAt = reader.GetInt64(3);
        var json = reader.GetString(4);
        var hash = reader.GetString(5);
        var prevHash = reader.GetString(6);
        long? deliveredAt = reader.IsDBNull(7) ? null : reader.GetInt64(7);
        intact = RecordChecksum(crc, seq, sessionId, channel, endedAt, json, hash, prevHash, deliveredAt) == reader.GetInt64(8);
        return new StoredRecord(seq, sessionId, channel, Utc(endedAt), json, hash, prevHash, deliveredAt is not null);
    }

    /// <summary>Reads a row of <see cref="JournalSchema.AlarmColumns"/>.</summary>
    public static StoredAlarm ReadAlarm(SqliteDataReader reader, RowChecksum crc, out bool intact)
    {
        var seq = reader.GetInt64(0);
        var write = new AlarmWrite(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            NullableText(reader, 5),
            Utc(reader.GetInt64(6)),
            reader.GetString(7),
            reader.GetInt64(8) != 0);
        long? deliveredAt = reader.IsDBNull(9) ? null : reader.GetInt64(9);
        intact = AlarmChecksum(crc, seq, write, deliveredAt) == reader.GetInt64(10);
        return new StoredAlarm(seq, write.AlarmId, write.Code, write.Priority, write.State, write.Channel, write.At, write.Message, write.Historical, deliveredAt is not null);
    }

    /// <summary>Reads a row of <see cref="JournalSchema.CheckpointColumns"/>.</summary>
    public static UnitCheckpointWrite ReadCheckpoint(SqliteDataReader reader, RowChecksum crc, out long seq, out bool intact)
    {
        seq = reader.GetInt64(0);
        var checkpoint = new UnitCheckpointWrite(
            TimeSpan.FromTicks(reader.GetInt64(1)),
            Utc(reader.GetInt64(2)),
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.GetString(5));
        intact = CheckpointChecksum(crc, seq, checkpoint) == reader.GetInt64(6);
        return checkpoint;
    }

    public static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    private static string? NullableText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
