using Microsoft.Data.Sqlite;
using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class DurabilityTests : JournalTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WhenDurable_WriterHeldBeforeCommit_CompletesOnlyOnceCommitted()
    {
        using var journal = Open();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        journal.BeforeCommit = _ =>
        {
            entered.Set();
            release.Wait(Patience, TestContext.Current.CancellationToken);
        };

        var seq = journal.Append(Row("s", "opened", 0, detail: "held"));
        var durable = journal.WhenDurable(seq);
        Assert.True(entered.Wait(Patience, TestContext.Current.CancellationToken));

        Assert.False(durable.IsCompleted);
        Assert.Equal(0, CountFromAnotherConnection());
        release.Set();
        await durable.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(1, CountFromAnotherConnection());
        Assert.True(journal.WhenDurable(seq).IsCompletedSuccessfully);
    }

    [Fact]
    public void Append_ManyWhileOneCommitIsInFlight_AllGoInTheNextTransaction()
    {
        using var journal = Open();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = true;
        journal.BeforeCommit = _ =>
        {
            if (first)
            {
                first = false;
                entered.Set();
                release.Wait(Patience, TestContext.Current.CancellationToken);
            }
        };

        journal.Append(Row("s", "opened", 0));
        Assert.True(entered.Wait(Patience, TestContext.Current.CancellationToken));
        for (var i = 1; i <= 200; i++)
        {
            journal.Append(i % 2 == 0 ? Row("s", "checkpoint", i) : Alarm($"a-{i}", "raised", i));
        }

        release.Set();
        journal.Flush();

        Assert.Equal(2, journal.CommitCount);
        Assert.Equal(201, journal.DurableSequence);
        Assert.Equal(100, journal.PendingAlarms(1000).Count);
    }

    [Fact]
    public void Flush_AfterAppends_EveryRowReadableFromAnotherConnection()
    {
        using var journal = Open();
        for (var i = 0; i < 50; i++)
        {
            journal.Append(Row($"s-{i % 5}", "interruption-start", i));
        }

        journal.Flush();

        Assert.Equal(50, CountFromAnotherConnection());
    }

    [Fact]
    public void Append_Checkpoint_ReplacesThatSessionsPreviousCheckpointAndNothingElse()
    {
        using (var journal = Open())
        {
            journal.Append(Row("s-a", "opened", 0));
            for (var i = 1; i <= 30; i++)
            {
                journal.Append(Row("s-a", "checkpoint", i));
                journal.Append(Row("s-b", "checkpoint", i));
            }

            journal.Append(Row("s-a", "interruption-start", 31));
            journal.Flush();
            Assert.Equal(["opened", "interruption-start"], journal.SessionTrail("s-a").Select(r => r.Kind));
        }

        Assert.Equal(4L, RawDatabase.Count(DatabasePath, "session_rows"));
        using var reopened = Open();
        // Recovery still starts from each session's newest row.
        Assert.Equal([("s-a", "interruption-start"), ("s-b", "checkpoint")], reopened.Contents.OpenSessions.Select(r => (r.SessionId, r.Kind)).Order());
        Assert.Equal(TimeSpan.FromSeconds(30) + TimeSpan.FromTicks(7), reopened.Contents.OpenSessions.Single(r => r.SessionId == "s-b").Timeline);
    }

    [Fact]
    public void Dispose_WithoutFlush_CommitsWhatWasQueued()
    {
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(Row("s", "opened", 0));
            journal.Append(chain.Next("s", T0));
        }

        using var reopened = Open();

        Assert.NotNull(reopened.FindRecord("s"));
        Assert.Empty(reopened.Contents.OpenSessions);
    }

    [Fact]
    public void Record_OfAnOpenSession_ClosesItFromItsCommitOn()
    {
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(Row("s", "opened", 0));
            journal.Append(Row("s", "postcool-end", 1));
            journal.Flush();
        }

        using (var journal = Open())
        {
            Assert.Equal("postcool-end", Assert.Single(journal.Contents.OpenSessions).Kind);
            journal.Append(chain.Next("s", T0.AddSeconds(1)));
            journal.Flush();
        }

        using var reopened = Open();
        Assert.Empty(reopened.Contents.OpenSessions);
        Assert.Equal(chain.Head, reopened.Contents.ChainHead);
    }

    [Fact]
    public async Task Crash_FilesAsTheyStandMidTransaction_KeepEveryDurableRowAndNoneOfTheUncommitted()
    {
        var chain = new RecordChain();
        var copy = NewFolder();
        string durableHead;
        using (var journal = Open())
        {
            var durable = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                durable.Add(journal.Append(Row("s-durable", "interruption-start", i)));
            }

            durable.Add(journal.Append(chain.Next("closed", T0)));
            durableHead = chain.Head;
            durable.Add(journal.Append(Alarm("a", "raised", 1)));
            await journal.WhenDurable(durable[^1]).WaitAsync(Patience, TestContext.Current.CancellationToken);

            using var entered = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            journal.BeforeCommit = _ =>
            {
                entered.Set();
                release.Wait(Patience, TestContext.Current.CancellationToken);
            };
            var inFlight = new[]
            {
                journal.Append(Row("s-lost", "opened", 30, detail: new string('x', 20_000))),
                journal.Append(chain.Next("s-durable", T0.AddSeconds(31))),
                journal.Append(Alarm("a", "cleared", 32)),
            };
            Assert.True(entered.Wait(Patience, TestContext.Current.CancellationToken));

            // The power goes: what is on disk is what the files hold at this instant (the -shm is memory).
            File.Copy(DatabasePath, copy.File("journal.db"));
            File.Copy(DatabasePath + "-wal", copy.File("journal.db-wal"));
            release.Set();
            await journal.WhenDurable(inFlight[^1]).WaitAsync(Patience, TestContext.Current.CancellationToken);
        }

        using var recovered = Open(copy.Path);

        Assert.Null(recovered.Contents.Damaged);
        var database = copy.File("journal.db");
        Assert.Equal(20L, RawDatabase.Scalar(database, "SELECT count(*) FROM session_rows WHERE session_id = 's-durable'"));
        var open = Assert.Single(recovered.Contents.OpenSessions);
        Assert.Equal(("s-durable", "interruption-start"), (open.SessionId, open.Kind));
        Assert.Equal("raised", Assert.Single(recovered.Contents.OpenAlarms).State);
        Assert.NotNull(recovered.FindRecord("closed"));
        Assert.Null(recovered.FindRecord("s-durable"));
        Assert.Empty(recovered.SessionTrail("s-lost"));
        Assert.Equal(durableHead, recovered.Contents.ChainHead);
        Assert.Equal(22L, RawDatabase.Scalar(database, "SELECT (SELECT count(*) FROM session_rows) + (SELECT count(*) FROM records) + (SELECT count(*) FROM alarms)"));
    }

    private long CountFromAnotherConnection()
    {
        using var connection = RawDatabase.Open(DatabasePath, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM session_rows";
        return (long)command.ExecuteScalar()!;
    }
}
