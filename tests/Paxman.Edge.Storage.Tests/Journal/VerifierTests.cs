using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class VerifierTests : JournalTest
{
    [Fact]
    public void Verify_IntactJournal_IntactWithEveryRowCounted()
    {
        WriteRecords(4);

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.True(result.Intact, result.FirstBrokenLink?.Description);
        Assert.Null(result.FirstBrokenLink);
        Assert.Equal(4, result.RecordsChecked);
        var meta = RawDatabase.Count(DatabasePath, "meta");
        Assert.Equal(4 + 4 + 1 + meta, result.RowsChecked);
    }

    [Fact]
    public void Verify_BrokenPrevHashLink_ReportsThatRecord()
    {
        var sequences = WriteRecords(4);
        ForgeRecord(sequences[2], prevHash: new string('e', 64));

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.False(result.Intact);
        Assert.Equal(("records", sequences[2], "s-2"), (result.FirstBrokenLink!.Table, result.FirstBrokenLink.Sequence, result.FirstBrokenLink.SessionId));
        Assert.Contains($"prevHash does not match the hash of the record before it (sequence {sequences[1]})", result.FirstBrokenLink.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RecordTextChangedInPlace_ReportsTheRowsChecksum()
    {
        var sequences = WriteRecords(3);
        RawDatabase.Execute(DatabasePath, "UPDATE records SET json = replace(json, 'note', 'NOTE') WHERE seq = $seq", ("$seq", sequences[1]));

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.False(result.Intact);
        Assert.Equal(("records", sequences[1]), (result.FirstBrokenLink!.Table, result.FirstBrokenLink.Sequence));
        Assert.Contains("checksum", result.FirstBrokenLink.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RecordTextChangedWithAForgedChecksum_ReportsTheHash()
    {
        var sequences = WriteRecords(3);
        ForgeRecord(sequences[1], json: json => json.Replace("\"note\":\"none\"", "\"note\":\"edited\"", StringComparison.Ordinal));

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.False(result.Intact);
        Assert.Equal(("records", sequences[1]), (result.FirstBrokenLink!.Table, result.FirstBrokenLink.Sequence));
        Assert.Contains("hash does not match its text", result.FirstBrokenLink.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MiddleRecordDeleted_ReportsTheRecordAfterIt()
    {
        var sequences = WriteRecords(4);
        RawDatabase.Execute(DatabasePath, "DELETE FROM records WHERE seq = $seq", ("$seq", sequences[1]));

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.False(result.Intact);
        Assert.Equal(("records", sequences[2]), (result.FirstBrokenLink!.Table, result.FirstBrokenLink.Sequence));
        Assert.Contains($"before it (sequence {sequences[0]}): a record is missing", result.FirstBrokenLink.What, StringComparison.Ordinal);
        Assert.Equal(3, result.RecordsChecked);
    }

    [Fact]
    public void Verify_FirstRecordDeleted_ReportsTheChainsStart()
    {
        var sequences = WriteRecords(2);
        RawDatabase.Execute(DatabasePath, "DELETE FROM records WHERE seq = $seq", ("$seq", sequences[0]));

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.Equal(sequences[1], result.FirstBrokenLink!.Sequence);
        Assert.Contains("not 64 zeros", result.FirstBrokenLink.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ClosedJournal_ChangesNoFile()
    {
        WriteRecords(3);
        var before = Snapshot(Folder.Path);

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.True(result.Intact);
        Assert.Equal(before, Snapshot(Folder.Path));
    }

    [Fact]
    public void Verify_JournalOpenWithRowsOnlyInItsWal_ReadsThemAndChangesNoFile()
    {
        var chain = new RecordChain();
        using var journal = Open();
        for (var i = 0; i < 3; i++)
        {
            journal.Append(chain.Next($"s-{i}", T0.AddHours(i)));
        }

        journal.Flush();
        var before = Snapshot(Folder.Path);
        Assert.Contains("journal.db-wal", before.Keys);

        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.True(result.Intact, result.FirstBrokenLink?.Description);
        Assert.Equal(3, result.RecordsChecked);
        var after = Snapshot(Folder.Path);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        // The -shm is SQLite's shared-memory index of the live WAL, not data: its read marks move as any reader reads.
        Assert.Equal(before["journal.db"], after["journal.db"]);
        Assert.Equal(before["journal.db-wal"], after["journal.db-wal"]);
    }

    [Fact]
    public void Verify_CrashedJournalWithWalAndNoIndex_ReadsItAndChangesNoFile()
    {
        var copy = NewFolder();
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(chain.Next("s-0", T0));
            journal.Append(chain.Next("s-1", T0.AddHours(1)));
            journal.Flush();
            File.Copy(DatabasePath, copy.File("journal.db"));
            File.Copy(DatabasePath + "-wal", copy.File("journal.db-wal"));
        }

        var before = Snapshot(copy.Path);

        var result = JournalVerifier.Verify(copy.Path, TestRecords.Hash);

        Assert.True(result.Intact, result.FirstBrokenLink?.Description);
        Assert.Equal(2, result.RecordsChecked);
        Assert.Equal(before, Snapshot(copy.Path));
    }

    [Fact]
    public void Verify_FolderWithoutJournal_NotIntact()
    {
        var result = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);

        Assert.False(result.Intact);
        Assert.Contains("no journal.db", result.FirstBrokenLink!.What, StringComparison.Ordinal);
    }

    /// <summary>Records s-0 .. s-(n-1), each with a session row, one alarm; closed cleanly.</summary>
    private List<long> WriteRecords(int count)
    {
        var chain = new RecordChain();
        var sequences = new List<long>();
        using var journal = Open();
        for (var i = 0; i < count; i++)
        {
            journal.Append(Row($"s-{i}", "opened", i));
            sequences.Add(journal.Append(chain.Next($"s-{i}", T0.AddHours(i))));
        }

        journal.Append(Alarm("a", "raised", 1));
        return sequences;
    }

    /// <summary>Changes a record as someone who knows the checksum would: the row's checksum matches again.</summary>
    private void ForgeRecord(long seq, string? prevHash = null, Func<string, string>? json = null)
    {
        using var connection = RawDatabase.Open(DatabasePath);
        StoredRecord record;
        long? deliveredAt;
        using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT {JournalSchema.RecordColumns} FROM records WHERE seq = {seq}";
            using var reader = select.ExecuteReader();
            Assert.True(reader.Read());
            record = JournalRows.ReadRecord(reader, new RowChecksum(), out _);
            deliveredAt = reader.IsDBNull(7) ? null : reader.GetInt64(7);
        }

        var newPrev = prevHash ?? record.PrevHash;
        var newJson = json?.Invoke(record.Json) ?? record.Json;
        var crc = JournalRows.RecordChecksum(new RowChecksum(), seq, record.SessionId, record.Channel, record.EndedAt.UtcTicks, newJson, record.Hash, newPrev, deliveredAt);
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE records SET prev_hash = $prev, json = $json, crc = $crc WHERE seq = $seq";
        update.Parameters.AddWithValue("$prev", newPrev);
        update.Parameters.AddWithValue("$json", newJson);
        update.Parameters.AddWithValue("$crc", crc);
        update.Parameters.AddWithValue("$seq", seq);
        Assert.Equal(1, update.ExecuteNonQuery());
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Every file in the folder and the SHA-256 of its bytes.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(file => Path.GetFileName(file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
}
