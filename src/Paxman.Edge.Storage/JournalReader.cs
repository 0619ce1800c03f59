using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>
/// The journal's readers (HTTP, MQTT): each call on its own pooled read-only connection, which WAL lets run beside
/// the writer and which sees only committed, so durable, rows. A row whose checksum does not match is never
/// returned as if it were sound.
/// </summary>
internal sealed class JournalReader(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = true,
    }.ToString();

    public StoredRecord? FindRecord(string sessionId) =>
        Records($"SELECT {JournalSchema.RecordColumns} FROM records WHERE session_id = $id", ("$id", sessionId)).SingleOrDefault();

    public IReadOnlyList<StoredRecord> ListRecords(DateTimeOffset? since, int limit) =>
        Records(
            $"SELECT {JournalSchema.RecordColumns} FROM records WHERE ended_at >= $since ORDER BY ended_at DESC, seq DESC LIMIT $limit",
            ("$since", since?.UtcTicks ?? long.MinValue),
            ("$limit", limit));

    public IReadOnlyList<StoredRecord> PendingRecords(int limit) =>
        Records($"SELECT {JournalSchema.RecordColumns} FROM records WHERE delivered_at IS NULL ORDER BY seq LIMIT $limit", ("$limit", limit));

    public RecordBacklog PendingRecordBacklog()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MIN(ended_at) FROM records WHERE delivered_at IS NULL";
        using var reader = command.ExecuteReader();
        reader.Read();
        var count = (int)reader.GetInt64(0);
        return count == 0 ? RecordBacklog.Empty : new RecordBacklog(count, reader.IsDBNull(1) ? null : JournalRows.Utc(reader.GetInt64(1)));
    }

    public IReadOnlyList<StoredNotice> PendingNotices(int limit)
    {
        var crc = new RowChecksum();
        return Query(
            $"SELECT {JournalSchema.NoticeColumns} FROM notices WHERE delivered_at IS NULL ORDER BY seq LIMIT $limit",
            reader => Intact(JournalRows.ReadNotice(reader, crc, out var intact), intact, JournalSchema.Notices, reader),
            ("$limit", limit));
    }

    public IReadOnlyList<SessionRow> SessionTrail(string sessionId)
    {
        var crc = new RowChecksum();
        return Query(
            $"SELECT {JournalSchema.SessionColumns} FROM session_rows WHERE session_id = $id AND kind <> $checkpoint ORDER BY seq",
            reader => Intact(JournalRows.ReadSession(reader, crc, out var intact), intact, JournalSchema.SessionRows, reader),
            ("$id", sessionId),
            ("$checkpoint", JournalSchema.CheckpointKind));
    }

    public IReadOnlyList<StoredAlarm> ListAlarms(DateTimeOffset? since, int limit)
    {
        var crc = new RowChecksum();
        return Query(
            $"SELECT {JournalSchema.AlarmColumns} FROM alarms WHERE at >= $since ORDER BY seq DESC LIMIT $limit",
            reader => Intact(JournalRows.ReadAlarm(reader, crc, out var intact), intact, JournalSchema.Alarms, reader),
            ("$since", since?.UtcTicks ?? long.MinValue),
            ("$limit", limit));
    }

    public IReadOnlyList<StoredAlarm> PendingAlarms(int limit)
    {
        var crc = new RowChecksum();
        return Query(
            $"SELECT {JournalSchema.AlarmColumns} FROM alarms WHERE delivered_at IS NULL ORDER BY seq LIMIT $limit",
            reader => Intact(JournalRows.ReadAlarm(reader, crc, out var intact), intact, JournalSchema.Alarms, reader),
            ("$limit", limit));
    }

    /// <summary>Closes the pooled connections (at dispose), so that the writer's connection is the last and checkpoints the WAL.</summary>
    public void Close()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private List<StoredRecord> Records(string sql, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        var crc = new RowChecksum();
        return Query(sql, reader => Intact(JournalRows.ReadRecord(reader, crc, out var intact), intact, JournalSchema.Records, reader), parameters);
    }

    private static T Intact<T>(T row, bool intact, string table, SqliteDataReader reader) => intact
        ? row
        : throw new InvalidDataException($"The journal's {table} row of sequence {reader.GetInt64(0)} does not match its checksum: it was damaged or changed.");

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
