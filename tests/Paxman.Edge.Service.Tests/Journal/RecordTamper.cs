using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Paxman.Edge.Service.Tests.Journal;

/// <summary>
/// Edits a stored record's JSON in <c>journal.db</c> directly, as someone with the file (not the service) could: either
/// leaving the row's checksum wrong, or recomputing it as a deliberate forger would (the row framing of the README,
/// "Journal": the table's name, then each column tagged, text with its UTF-8 length).
/// </summary>
public static class RecordTamper
{
    public static void ReplaceInRecord(string folder, string sessionId, string from, string to, bool fixChecksum)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "journal.db"),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        long seq, endedAt;
        string channel, json, hash, prevHash;
        long? deliveredAt;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, channel, ended_at, json, hash, prev_hash, delivered_at FROM records WHERE session_id = $id";
            read.Parameters.AddWithValue("$id", sessionId);
            using var row = read.ExecuteReader();
            Assert.True(row.Read(), $"no record of {sessionId}");
            (seq, channel, endedAt, json, hash, prevHash) = (row.GetInt64(0), row.GetString(1), row.GetInt64(2), row.GetString(3), row.GetString(4), row.GetString(5));
            deliveredAt = row.IsDBNull(6) ? null : row.GetInt64(6);
        }

        var edited = json.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(json, edited);
        using var write = connection.CreateCommand();
        write.CommandText = fixChecksum
            ? "UPDATE records SET json = $json, crc = $crc WHERE seq = $seq"
            : "UPDATE records SET json = $json WHERE seq = $seq";
        write.Parameters.AddWithValue("$json", edited);
        write.Parameters.AddWithValue("$seq", seq);
        if (fixChecksum)
        {
            write.Parameters.AddWithValue("$crc", RecordChecksum(seq, sessionId, channel, endedAt, edited, hash, prevHash, deliveredAt));
        }

        Assert.Equal(1, write.ExecuteNonQuery());
    }

    private static long RecordChecksum(long seq, string sessionId, string channel, long endedAt, string json, string hash, string prevHash, long? deliveredAt)
    {
        var crc = new Crc32();
        Text(crc, "records");
        Integer(crc, seq);
        Text(crc, sessionId);
        Text(crc, channel);
        Integer(crc, endedAt);
        Text(crc, json);
        Text(crc, hash);
        Text(crc, prevHash);
        if (deliveredAt is { } at)
        {
            Integer(crc, at);
        }
        else
        {
            crc.Append([0]);
        }

        return crc.GetCurrentHashAsUInt32();
    }

    private static void Integer(Crc32 crc, long value)
    {
        var bytes = new byte[9];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), value);
        crc.Append(bytes);
    }

    private static void Text(Crc32 crc, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var header = new byte[5];
        header[0] = 2;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(1), utf8.Length);
        crc.Append(header);
        crc.Append(utf8);
    }
}
