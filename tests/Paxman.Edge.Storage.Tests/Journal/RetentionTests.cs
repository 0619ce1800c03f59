using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class RetentionTests : JournalTest
{
    private static readonly DateTimeOffset Delivered = T0.AddHours(5);

    [Fact]
    public void Prune_DeliveredLongAgo_RemovesThemWithTheirSessionsAndKeepsTheAnchor()
    {
        var chain = new RecordChain();
        string secondHash;
        using (var journal = Open())
        {
            AppendSession(journal, chain, "s-0", deliver: true);
            AppendSession(journal, chain, "s-1", deliver: true);
            secondHash = chain.Head;
            AppendSession(journal, chain, "s-2", deliver: true);
            AppendSession(journal, chain, "s-open", deliver: false, record: false);

            var result = journal.Prune(Delivered.AddDays(91));

            Assert.Equal(3, result.Records);
            Assert.Equal(6, result.SessionRows);
            Assert.Equal(chain.Head, result.ChainAnchor);
            Assert.Null(journal.FindRecord("s-0"));
            Assert.Empty(journal.SessionTrail("s-1"));
            Assert.Single(journal.SessionTrail("s-open"));
        }

        using var reopened = Open();
        Assert.Null(reopened.Contents.Damaged);
        Assert.Equal(chain.Head, reopened.Contents.ChainHead);
        Assert.Equal("s-open", Assert.Single(reopened.Contents.OpenSessions).SessionId);
        Assert.NotEqual(secondHash, reopened.Contents.ChainHead);
        reopened.Append(chain.Next("s-3", T0.AddDays(100)));
        reopened.Flush();
        var verification = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);
        Assert.True(verification.Intact, verification.FirstBrokenLink?.Description);
        Assert.Equal(1, verification.RecordsChecked);
    }

    [Fact]
    public void Prune_UndeliveredRecord_NeverPrunedAndStopsThePruningThere()
    {
        var chain = new RecordChain();
        using var journal = Open();
        AppendSession(journal, chain, "s-0", deliver: true);
        var anchor = chain.Head;
        AppendSession(journal, chain, "s-undelivered", deliver: false);
        AppendSession(journal, chain, "s-2", deliver: true);

        var result = journal.Prune(Delivered.AddDays(1000));

        Assert.Equal(1, result.Records);
        Assert.Equal(anchor, result.ChainAnchor);
        Assert.NotNull(journal.FindRecord("s-undelivered"));
        Assert.NotNull(journal.FindRecord("s-2"));
        Assert.Equal(2, journal.SessionTrail("s-2").Count);
        journal.Flush();
        var verification = JournalVerifier.Verify(Folder.Path, TestRecords.Hash);
        Assert.True(verification.Intact, verification.FirstBrokenLink?.Description);
        Assert.Equal(2, verification.RecordsChecked);
    }

    [Fact]
    public void Prune_WithinRetention_RemovesNothing()
    {
        var chain = new RecordChain();
        using var journal = Open(options: new JournalOptions { RetentionDays = 30 });
        AppendSession(journal, chain, "s-0", deliver: true);

        var result = journal.Prune(Delivered.AddDays(29));

        Assert.Equal((0, 0, 0), (result.Records, result.SessionRows, result.Alarms));
        Assert.Equal(Core.Journal.JournalContents.Genesis, result.ChainAnchor);
        Assert.NotNull(journal.FindRecord("s-0"));
        Assert.Equal(1, journal.Prune(Delivered.AddDays(31)).Records);
    }

    [Fact]
    public void Prune_AlarmChanges_RemovesOldDeliveredOnesButNeverTheNewestOfAnOpenAlarm()
    {
        using (var journal = Open())
        {
            var cleared = new[] { journal.Append(Alarm("cleared", "raised", 0)), journal.Append(Alarm("cleared", "cleared", 1)) };
            var open = new[] { journal.Append(Alarm("open", "raised", 2)), journal.Append(Alarm("open", "acknowledged", 3)) };
            journal.Append(Alarm("undelivered", "raised", 4));
            foreach (var seq in cleared.Concat(open))
            {
                journal.MarkAlarmDelivered(seq);
            }

            Time.Advance(TimeSpan.FromDays(100));
            var result = journal.Prune(Time.GetUtcNow());

            Assert.Equal(3, result.Alarms);
        }

        using var reopened = Open();
        Assert.Equal(["open", "undelivered"], reopened.Contents.OpenAlarms.Select(a => a.AlarmId));
        Assert.Equal("acknowledged", reopened.Contents.OpenAlarms[0].State);
        Assert.Equal(["undelivered"], reopened.PendingAlarms(10).Select(a => a.AlarmId));
    }

    [Fact]
    public void Prune_Everything_SequencesNeverGoBack()
    {
        var chain = new RecordChain();
        long last;
        using (var journal = Open())
        {
            AppendSession(journal, chain, "s-0", deliver: true);
            Assert.Equal(1, journal.Prune(Delivered.AddDays(91)).Records);
            last = journal.DurableSequence;
        }

        using var reopened = Open();

        Assert.True(reopened.Append(Row("s-new", "opened", 0)) > last);
        Assert.Equal(chain.Head, reopened.Contents.ChainHead);
    }

    [Fact]
    public async Task Prune_ManySessionsDeliveredLongAgo_GivesTheSpaceBackToTheFileSystem()
    {
        var chain = new RecordChain();
        long before;
        using (var journal = Open())
        {
            for (var i = 0; i < 300; i++)
            {
                var id = $"s-{i}";
                for (var second = 0; second < 20; second++)
                {
                    journal.Append(Row(id, "checkpoint", second, detail: new string('x', 400)));
                }

                journal.Append(chain.Next(id, T0.AddHours(1)));
            }

            journal.Flush();
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => journal.MarkRecordDeliveredAsync($"s-{i}", Delivered)));
        }

        before = new FileInfo(DatabasePath).Length;
        using (var journal = Open())
        {
            Assert.Equal(300, journal.Prune(Delivered.AddDays(91)).Records);
        }

        // Closed: the WAL is checkpointed into the file, which has shrunk (incremental auto-vacuum).
        var after = new FileInfo(DatabasePath).Length;
        Assert.True(after < before / 4, $"{before} bytes before pruning, {after} after");
        Assert.Equal(2L, RawDatabase.Scalar(DatabasePath, "PRAGMA auto_vacuum"));
    }

    private static void AppendSession(SqliteJournal journal, RecordChain chain, string sessionId, bool deliver, bool record = true)
    {
        journal.Append(Row(sessionId, "opened", 0));
        if (!record)
        {
            return;
        }

        journal.Append(Row(sessionId, "postcool-end", 1));
        journal.Append(chain.Next(sessionId, T0.AddHours(1)));
        if (deliver)
        {
            journal.MarkRecordDelivered(sessionId, Delivered);
        }
    }
}
