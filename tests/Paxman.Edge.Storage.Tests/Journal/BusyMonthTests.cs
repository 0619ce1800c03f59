using Paxman.Edge.Benchmarks.JournalYear;
using Paxman.Edge.Storage.Tests.Support;

namespace Paxman.Edge.Storage.Tests.Journal;

/// <summary>
/// A month of a busy unit (the journal-year benchmark's generator at 30 days): the journal stays whole and bounded as it
/// grows. The figures (start-up, verification, list and append latency at a year) are the benchmark's, not asserted here.
/// </summary>
public sealed class BusyMonthTests : JournalTest
{
    private const int Days = 30;

    [Fact]
    public void BusyMonth_OpensWhole_VerifiesEveryRecord_KeepsOneCheckpointPerSession_AndPrunesToAlmostNothing()
    {
        int sessions;
        using (var journal = Open(options: new JournalOptions { RetentionDays = 90 }))
        {
            sessions = BusyUnitJournal.Fill(journal, Days);
        }

        Assert.Equal(Days * 2 * BusyUnitJournal.SessionsPerChannelPerDay, sessions);
        // Eight events and one checkpoint per session: each checkpoint replaced the one before it.
        Assert.Equal(sessions * 9L, RawDatabase.Count(DatabasePath, "session_rows"));
        Assert.Equal(sessions * 1L, RawDatabase.Count(DatabasePath, "session_rows WHERE kind = 'checkpoint'"));
        var verification = JournalVerifier.Verify(Folder.Path, Core.Records.RecordChain.ComputeHash);
        Assert.True(verification.Intact, verification.FirstBrokenLink?.Description);
        Assert.Equal(sessions, verification.RecordsChecked);
        var full = new FileInfo(DatabasePath).Length;

        using (var journal = Open(options: new JournalOptions { RetentionDays = 90 }))
        {
            Assert.Null(journal.Contents.Damaged);
            Assert.Empty(journal.Contents.OpenSessions);
            Assert.Equal(sessions, journal.Prune(BusyUnitJournal.Start.AddDays(Days + 91)).Records);
            Assert.Empty(journal.ListRecords(null, 10));
        }

        Assert.True(new FileInfo(DatabasePath).Length < full / 10, $"{full} bytes before pruning, {new FileInfo(DatabasePath).Length} after");
        Assert.True(JournalVerifier.Verify(Folder.Path, Core.Records.RecordChain.ComputeHash).Intact);
    }
}
