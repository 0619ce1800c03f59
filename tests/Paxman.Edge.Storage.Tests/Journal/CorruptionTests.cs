using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class CorruptionTests : JournalTest
{
    public CorruptionTests()
    {
        ExpectError("found damaged");
    }

    [Fact]
    public void Open_TruncatedAtRandomOffsets_NeverSilentlyAccepted()
    {
        var chain = BuildSample(Folder.Path);
        var original = File.ReadAllBytes(DatabasePath);
        Assert.False(File.Exists(DatabasePath + "-wal"), "a clean close leaves everything in journal.db");
        var expected = JournalDump.Of(DatabasePath);
        var random = new Random(20260105);
        var damaged = 0;
        // 24 cuts anywhere, and whole pages lost from the end (the likelier way for a file to come up short).
        var cuts = Enumerable.Range(0, 24).Select(_ => random.Next(0, original.Length))
            .Concat(Enumerable.Range(1, (original.Length / 4096) - 1).Where(page => page % 5 == 1).Select(page => page * 4096));

        foreach (var cut in cuts)
        {
            var folder = NewFolder();
            File.WriteAllBytes(folder.File("journal.db"), original[..cut]);

            using var journal = Open(folder.Path);

            if (journal.Contents.Damaged is { } damage)
            {
                damaged++;
                Assert.Equal(original[..cut], File.ReadAllBytes(damage.KeptAs));
                Assert.StartsWith(folder.File("journal.damaged-"), damage.KeptAs, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(damage.Problem));
                Assert.Equal(0, RawDatabase.Count(journal.DatabasePath, "session_rows"));
            }
            else
            {
                // Accepted only when every row is there, exactly.
                Assert.Equal(expected, JournalDump.Of(journal.DatabasePath));
                Assert.Equal(chain.Head, journal.Contents.ChainHead);
            }
        }

        Assert.True(damaged > 0);
    }

    public static TheoryData<string, string> CoveredColumns => new()
    {
        { "session_rows", "MARKER-SESSION-DETAIL-0001" },
        { "records", "MARKER-RECORD-TEXT-0001" },
        { "alarms", "MARKER-ALARM-MESSAGE-0001" },
        { "unit_checkpoint", "MARKER-BOOT-ID-0001" },
    };

    [Theory]
    [MemberData(nameof(CoveredColumns))]
    public void Open_ByteFlippedInsideACoveredRow_DetectedNamingTheRow(string table, string marker)
    {
        long markedSeq;
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(Row("s-1", "opened", 0));
            markedSeq = table switch
            {
                "session_rows" => journal.Append(Row("s-1", "interruption-start", 1, detail: marker)),
                "records" => journal.Append(chain.Next("s-1", T0.AddSeconds(2), marker)),
                "alarms" => journal.Append(Alarm("a-1", "raised", 3, message: marker)),
                _ => journal.Append(Checkpoint(10, bootId: marker)),
            };
            journal.Append(Row("s-2", "opened", 4));
            journal.Append(Alarm("a-2", "raised", 5));
        }

        var at = Assert.Single(RawDatabase.Find(DatabasePath, marker));
        var bytes = File.ReadAllBytes(DatabasePath);
        bytes[at + (marker.Length / 2)] ^= 0x01;
        File.WriteAllBytes(DatabasePath, bytes);

        var verification = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);
        Assert.False(verification.Intact);
        Assert.Equal((table, markedSeq), (verification.FirstBrokenLink!.Table, verification.FirstBrokenLink.Sequence));

        using var reopened = Open();
        var damage = reopened.Contents.Damaged;
        Assert.NotNull(damage);
        Assert.Contains($"{table}, sequence {markedSeq}", damage.Problem, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(damage.KeptAs));
    }

    [Fact]
    public void Open_DamagedButRecordsReadable_NewJournalNamesItAndGoesOnFromItsChainHead()
    {
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(chain.Next("s-1", T0));
            journal.Append(chain.Next("s-2", T0.AddHours(1)));
            journal.Append(Row("s-3", "opened", 2, detail: "MARKER-FLIP-HERE-0001"));
        }

        var at = Assert.Single(RawDatabase.Find(DatabasePath, "MARKER-FLIP-HERE-0001"));
        var bytes = File.ReadAllBytes(DatabasePath);
        bytes[at + 3] ^= 0x20;
        File.WriteAllBytes(DatabasePath, bytes);

        using var reopened = Open();

        var damage = Assert.IsType<DamagedJournal>(reopened.Contents.Damaged);
        Assert.Equal(chain.Head, reopened.Contents.ChainHead);
        Assert.Equal(Path.GetFileName(damage.KeptAs), RawDatabase.Scalar(DatabasePath, "SELECT value FROM meta WHERE key = 'damaged_predecessor'"));
        Assert.Equal(chain.Head, RawDatabase.Scalar(DatabasePath, "SELECT value FROM meta WHERE key = 'damaged_chain_head'"));
        Assert.Empty(reopened.Contents.OpenSessions);
        reopened.Append(chain.Next("s-4", T0.AddHours(2)));
        reopened.Flush();
        Assert.True(JournalVerifier.Verify(Folder.Path, TestRecords.Hash).Intact);
    }

    [Fact]
    public void Open_NotASqliteFile_KeptAsideWithItsCompanionsAndANewJournalStarts()
    {
        var garbage = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a database. ", 400)));
        File.WriteAllBytes(DatabasePath, garbage);
        File.WriteAllBytes(DatabasePath + "-wal", [1, 2, 3]);

        using (var journal = Open())
        {
            var damage = Assert.IsType<DamagedJournal>(journal.Contents.Damaged);
            Assert.Contains("not a SQLite database", damage.Problem, StringComparison.Ordinal);
            Assert.Equal(garbage, File.ReadAllBytes(damage.KeptAs));
            Assert.Equal([1, 2, 3], File.ReadAllBytes(damage.KeptAs + "-wal"));
            Assert.Equal(JournalContents.Genesis, journal.Contents.ChainHead);
            journal.Append(Row("s", "opened", 0));
            journal.Flush();
        }

        using var reopened = Open();
        Assert.Null(reopened.Contents.Damaged);
        Assert.Single(reopened.Contents.OpenSessions);
    }

    [Fact]
    public void Open_EmptyFileTwice_EachKeptUnderItsOwnName()
    {
        File.WriteAllBytes(DatabasePath, []);
        string first;
        using (var journal = Open())
        {
            first = journal.Contents.Damaged!.KeptAs;
            Assert.Contains("empty", journal.Contents.Damaged.Problem, StringComparison.Ordinal);
        }

        File.WriteAllBytes(DatabasePath, []);
        using var again = Open();

        var second = again.Contents.Damaged!.KeptAs;
        Assert.NotEqual(first, second);
        Assert.True(File.Exists(first));
        Assert.True(File.Exists(second));
    }

    [Fact]
    public void Open_WalWithoutItsDatabase_ReportedDamaged()
    {
        using (var journal = Open())
        {
            journal.Append(Row("s", "opened", 0));
            journal.Flush();
            File.Copy(DatabasePath + "-wal", Folder.File("saved-wal"));
        }

        File.Delete(DatabasePath);
        File.Move(Folder.File("saved-wal"), DatabasePath + "-wal");

        using var reopened = Open();

        Assert.Contains("missing", reopened.Contents.Damaged!.Problem, StringComparison.Ordinal);
        Assert.True(File.Exists(reopened.Contents.Damaged.KeptAs + "-wal"));
    }

    [Fact]
    public void Open_AfterACrashBetweenSettingAsideAndInstalling_InstallsTheNewJournal()
    {
        using (var journal = Open())
        {
            journal.Append(Row("s", "opened", 0));
        }

        // As Open leaves things if it dies after renaming a damaged journal aside: the new one not yet in place.
        File.Move(DatabasePath, DatabasePath + ".new");

        using var reopened = Open();

        Assert.Null(reopened.Contents.Damaged);
        Assert.Equal("s", Assert.Single(reopened.Contents.OpenSessions).SessionId);
        Assert.False(File.Exists(DatabasePath + ".new"));
    }

    /// <summary>A journal of several pages: sessions with bulky state, records, alarms, a checkpoint; closed cleanly.</summary>
    private RecordChain BuildSample(string folder)
    {
        var chain = new RecordChain();
        using var journal = Open(folder);
        for (var i = 0; i < 40; i++)
        {
            journal.Append(Row($"s-{i % 8}", "checkpoint", i, detail: new string((char)('a' + (i % 26)), 600)));
            if (i % 8 == 7)
            {
                journal.Append(chain.Next($"s-{i / 8}", T0.AddSeconds(i)));
            }

            if (i % 5 == 0)
            {
                journal.Append(Alarm($"a-{i % 3}", i % 10 == 0 ? "raised" : "cleared", i));
            }
        }

        journal.Append(Checkpoint(40));
        return chain;
    }
}
