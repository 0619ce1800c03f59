using System.Globalization;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Time;

namespace Paxman.Edge.Storage;

/// <summary>
/// Reads a whole journal and checks it: <c>PRAGMA quick_check</c>, every row's checksum, the hash chain, and (when a
/// hash function is given) every record's hash against its text. It reads tables by their sequence, never through
/// an index (quick_check does not vouch for indexes), and only reads.
/// </summary>
internal static class JournalScanner
{
    private const int HeaderLength = 100;
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>A problem visible from the file's first bytes alone (empty, too short, not SQLite), or null.</summary>
    public static JournalDefect? CheckHeader(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return new JournalDefect("file", null, null, "the file is empty (truncated)");
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var read = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
            if (read < HeaderLength)
            {
                return new JournalDefect("file", null, null, $"the file is {read} bytes long, shorter than a SQLite header (truncated)");
            }
        }

        return header[..SqliteMagic.Length].SequenceEqual(SqliteMagic)
            ? null
            : new JournalDefect("file", null, null, "the file is not a SQLite database (its header is wrong)");
    }

    public static ScanResult Scan(SqliteConnection connection, Func<string, string>? computeRecordHash)
    {
        var result = new ScanResult();
        var crc = new RowChecksum();
        if (!Guard(result, "file", () => QuickCheck(connection, result)))
        {
            return result;
        }

        if (!Guard(result, JournalSchema.Meta, () => ReadMeta(connection, crc, result)))
        {
            return result;
        }

        Guard(result, JournalSchema.Records, () => ReadRecords(connection, crc, computeRecordHash, result));
        Guard(result, JournalSchema.SessionRows, () => ReadSessionRows(connection, crc, result));
        Guard(result, JournalSchema.Alarms, () => ReadAlarms(connection, crc, result));
        Guard(result, JournalSchema.UnitCheckpoint, () => ReadCheckpoint(connection, crc, result));
        Guard(result, JournalSchema.Notices, () => ReadNotices(connection, crc, result));
        if (result.Version >= 2)
        {
            Guard(result, JournalSchema.UnitEvents, () => ReadUnitEvents(connection, crc, result));
        }

        return result;
    }

    private static bool Guard(ScanResult result, string table, Action scan)
    {
        try
        {
            scan();
            return true;
        }
        catch (SqliteException ex)
        {
            result.Report(new JournalDefect(table, null, null, $"cannot be read: {ex.Message}"));
            return false;
        }
    }

    private static void QuickCheck(SqliteConnection connection, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (lines.Count < 3 && reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        if (lines is not ["ok"])
        {
            result.Report(new JournalDefect("file", null, null, $"SQLite's quick_check failed: {string.Join("; ", lines)}"));
        }
    }

    private static void ReadMeta(SqliteConnection connection, RowChecksum crc, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, crc FROM meta ORDER BY key";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Rows++;
            string key = string.Empty;
            try
            {
                key = reader.GetString(0);
                var value = reader.GetString(1);
                if (JournalRows.MetaChecksum(crc, key, value) != reader.GetInt64(2))
                {
                    result.Report(new JournalDefect(JournalSchema.Meta, null, null, $"the row '{key}' does not match its checksum: it was damaged or changed"));
                    continue;
                }

                result.Meta[key] = value;
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(JournalSchema.Meta, null, null, $"the row '{key}' cannot be read: {ex.Message}"));
            }
        }

        var version = result.Meta.GetValueOrDefault(JournalSchema.VersionKey);
        if (version is null)
        {
            result.Report(new JournalDefect(JournalSchema.Meta, null, null, "there is no schema version: this is not a journal"));
        }
        else if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            result.Report(new JournalDefect(JournalSchema.Meta, null, null, $"the schema version '{version}' is not a version"));
        }
        else if (number > JournalSchema.Version)
        {
            result.Report(new JournalDefect(JournalSchema.Meta, null, null, $"schema version {number} is newer than this release's {JournalSchema.Version}: a newer release wrote it"));
        }
        else
        {
            result.Version = number;
        }

        if (result.Meta.TryGetValue(JournalSchema.HighWaterKey, out var highWater) && long.TryParse(highWater, CultureInfo.InvariantCulture, out var seq))
        {
            result.Seen(seq);
        }
    }

    private static void ReadRecords(SqliteConnection connection, RowChecksum crc, Func<string, string>? computeRecordHash, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JournalSchema.RecordColumns} FROM records ORDER BY seq";
        using var reader = command.ExecuteReader();
        var anchor = result.Anchor;
        var expectedPrev = anchor ?? JournalContents.Genesis;
        long? previous = null;
        while (reader.Read())
        {
            result.Rows++;
            result.Records++;
            var seq = reader.GetInt64(0);
            result.Seen(seq);
            StoredRecord record;
            bool intact;
            try
            {
                record = JournalRows.ReadRecord(reader, crc, out intact);
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(JournalSchema.Records, seq, null, $"the row cannot be read: {ex.Message}"));
                continue;
            }

            result.RecordedSessions.Add(record.SessionId);
            result.NewestRecordHash = record.Hash;
            if (!intact)
            {
                result.Report(new JournalDefect(JournalSchema.Records, seq, record.SessionId, "the row does not match its checksum: it was damaged or changed"));
            }
            else
            {
                result.LastReadableHead = record.Hash;
            }

            if (computeRecordHash is not null)
            {
                CheckHash(computeRecordHash, record, result);
            }

            if (!string.Equals(record.PrevHash, expectedPrev, StringComparison.Ordinal))
            {
                var what = previous is { } p
                    ? $"prevHash does not match the hash of the record before it (sequence {p}): a record is missing, or one was changed"
                    : anchor is null
                        ? "prevHash of the first record is not 64 zeros (the chain's start): a record before it is missing"
                        : "prevHash of the first record does not match the chain's anchor (the last pruned record's hash)";
                result.Report(new JournalDefect(JournalSchema.Records, seq, record.SessionId, what));
            }

            expectedPrev = record.Hash;
            previous = seq;
        }
    }

    private static void CheckHash(Func<string, string> computeRecordHash, StoredRecord record, ScanResult result)
    {
        string computed;
        try
        {
            computed = computeRecordHash(record.Json);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            result.Report(new JournalDefect(JournalSchema.Records, record.Sequence, record.SessionId, $"its text cannot be hashed: {ex.Message}"));
            return;
        }

        if (!string.Equals(computed, record.Hash, StringComparison.Ordinal))
        {
            result.Report(new JournalDefect(JournalSchema.Records, record.Sequence, record.SessionId, "its hash does not match its text: the record was changed"));
        }
    }

    private static void ReadSessionRows(SqliteConnection connection, RowChecksum crc, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JournalSchema.SessionColumns} FROM session_rows ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Rows++;
            var seq = reader.GetInt64(0);
            result.Seen(seq);
            try
            {
                var row = JournalRows.ReadSession(reader, crc, out var intact);
                if (!intact)
                {
                    result.Report(new JournalDefect(JournalSchema.SessionRows, seq, row.SessionId, "the row does not match its checksum: it was damaged or changed"));
                }

                result.NewestSessionRows[row.SessionId] = row;
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(JournalSchema.SessionRows, seq, null, $"the row cannot be read: {ex.Message}"));
            }
        }
    }

    private static void ReadAlarms(SqliteConnection connection, RowChecksum crc, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JournalSchema.AlarmColumns} FROM alarms ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Rows++;
            var seq = reader.GetInt64(0);
            result.Seen(seq);
            try
            {
                var alarm = JournalRows.ReadAlarm(reader, crc, out var intact);
                if (!intact)
                {
                    result.Report(new JournalDefect(JournalSchema.Alarms, seq, null, $"the change of alarm {alarm.AlarmId} does not match its checksum: it was damaged or changed"));
                }

                result.NewestAlarms[alarm.AlarmId] = alarm;
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(JournalSchema.Alarms, seq, null, $"the row cannot be read: {ex.Message}"));
            }
        }
    }

    // A version-1 journal made before the notices outbox has no such table until it is migrated: nothing to check then.
    private static void ReadNotices(SqliteConnection connection, RowChecksum crc, ScanResult result)
    {
        using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'notices'";
            if ((long)exists.ExecuteScalar()! == 0)
            {
                return;
            }
        }

        ReadRows(connection, result, JournalSchema.Notices, JournalSchema.NoticeColumns, reader =>
        {
            var notice = JournalRows.ReadNotice(reader, crc, out var intact);
            return (intact, notice.SessionId);
        });
    }

    private static void ReadUnitEvents(SqliteConnection connection, RowChecksum crc, ScanResult result) =>
        ReadRows(connection, result, JournalSchema.UnitEvents, JournalSchema.UnitEventColumns, reader =>
        {
            var unitEvent = JournalRows.ReadUnitEvent(reader, crc, out var intact);
            if (intact && unitEvent.Kind is ClockWatch.UnsyncedEvent or ClockWatch.SyncedEvent)
            {
                result.LastClockSync = unitEvent;
            }

            return (intact, null);
        });

    // A table whose rows recovery does not need: each row counted, its sequence seen, its checksum checked.
    private static void ReadRows(SqliteConnection connection, ScanResult result, string table, string columns,
        Func<SqliteDataReader, (bool Intact, string? SessionId)> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM {table} ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Rows++;
            var seq = reader.GetInt64(0);
            result.Seen(seq);
            try
            {
                var (intact, sessionId) = read(reader);
                if (!intact)
                {
                    result.Report(new JournalDefect(table, seq, sessionId, "the row does not match its checksum: it was damaged or changed"));
                }
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(table, seq, null, $"the row cannot be read: {ex.Message}"));
            }
        }
    }

    private static void ReadCheckpoint(SqliteConnection connection, RowChecksum crc, ScanResult result)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JournalSchema.CheckpointColumns} FROM unit_checkpoint";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Rows++;
            long seq = 0;
            try
            {
                result.Checkpoint = JournalRows.ReadCheckpoint(reader, crc, out seq, out var intact);
                result.Seen(seq);
                if (!intact)
                {
                    result.Report(new JournalDefect(JournalSchema.UnitCheckpoint, seq, null, "the row does not match its checksum: it was damaged or changed"));
                }
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                result.Report(new JournalDefect(JournalSchema.UnitCheckpoint, null, null, $"the row cannot be read: {ex.Message}"));
            }
        }
    }

    /// <summary>A column whose stored type or value damage has changed (a NULL, a wrong type, an impossible time).</summary>
    private static bool IsUnreadable(Exception ex) =>
        ex is InvalidCastException or InvalidOperationException or FormatException or OverflowException or ArgumentOutOfRangeException;
}
