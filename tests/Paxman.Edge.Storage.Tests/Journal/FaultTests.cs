using Microsoft.Extensions.Logging;
using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class FaultTests : JournalTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Commit_Fails_JournalFaultsEveryWaiterAndLogsOnce()
    {
        ExpectError("cannot write");
        var chain = new RecordChain();
        using (var journal = Open())
        {
            var kept = journal.Append(chain.Next("kept", T0));
            journal.Flush();
            journal.BeforeCommit = _ => throw new IOException("simulated I/O error");

            var failed = journal.WhenDurable(journal.Append(Row("s", "opened", 1)));
            var error = await Assert.ThrowsAsync<IOException>(() => failed.WaitAsync(Patience, TestContext.Current.CancellationToken));

            Assert.Contains("cannot write", error.Message, StringComparison.Ordinal);
            Assert.True(journal.Faulted);
            Assert.True(journal.WhenDurable(kept).IsCompletedSuccessfully);
            var later = journal.WhenDurable(journal.Append(Row("s", "precool", 2)));
            await Assert.ThrowsAsync<IOException>(() => later.WaitAsync(Patience, TestContext.Current.CancellationToken));
            Assert.Throws<IOException>(journal.Flush);
            Assert.Throws<IOException>(() => journal.MarkRecordDelivered("kept", T0));
            Assert.Single(Logs.Entries, e => e.Level == LogLevel.Error);
        }

        // Nothing durable was lost, and nothing after the fault was written.
        using var reopened = Open();
        Assert.NotNull(reopened.FindRecord("kept"));
        Assert.False(reopened.FindRecord("kept")!.Delivered);
        Assert.Empty(reopened.Contents.OpenSessions);
    }

    [Fact]
    public async Task Commit_DiskFull_JournalFaults()
    {
        ExpectError("cannot write");
        using var journal = Open();
        journal.Append(Row("s", "opened", 0));
        journal.Flush();
        // SQLite's own limit on the file's size stands in for a full disk: the same SQLITE_FULL at the same place.
        journal.BeforeCommit = connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT page_count FROM pragma_page_count()";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages}";
            command.ExecuteNonQuery();
        };
        journal.Append(Row("s", "precool", 1));
        journal.Flush();

        var big = journal.WhenDurable(journal.Append(Row("s", "checkpoint", 2, detail: new string('x', 200_000))));
        var error = await Assert.ThrowsAsync<IOException>(() => big.WaitAsync(Patience, TestContext.Current.CancellationToken));

        Assert.Contains("full", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(journal.Faulted);
    }

    [Fact]
    public async Task Commit_FileRemovedUnderTheJournal_JournalFaults()
    {
        ExpectError("cannot write");
        using var journal = Open();
        journal.Append(Row("s", "opened", 0));
        journal.Flush();

        File.Delete(DatabasePath);
        var lost = journal.WhenDurable(journal.Append(Row("s", "precool", 1)));

        var error = await Assert.ThrowsAsync<IOException>(() => lost.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Contains("removed", error.Message, StringComparison.Ordinal);
        Assert.True(journal.Faulted);
    }

    [Fact]
    public void Append_AfterDispose_Throws()
    {
        var journal = Open();
        journal.Dispose();

        Assert.Throws<ObjectDisposedException>(() => journal.Append(Row("s", "opened", 0)));
        Assert.Throws<ObjectDisposedException>(() => journal.PendingRecords(1));
    }
}
