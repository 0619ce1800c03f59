using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>The service's retention: a minute after start-up, then daily, the journal is pruned at Storage:RetentionDays.</summary>
public sealed class JournalRetentionTests : TestEnvironment
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Retention_AMinuteAfterStart_PrunesRecordsDeliveredLongerAgoThanTheRetention_AndKeepsTheRest()
    {
        using var data = new TempFolder();
        var time = new FakeTimeProvider(T0);
        using var journal = SqliteJournal.Open(data.Path, time, LoggerFor<SqliteJournal>(), new JournalOptions { RetentionDays = 90 });
        var old = Seal("s-old", T0, RecordChain.Genesis);
        journal.Append(old);
        journal.Append(Seal("s-recent", T0.AddDays(80), old.Hash));
        journal.MarkRecordDelivered("s-old", T0);
        journal.MarkRecordDelivered("s-recent", T0.AddDays(80));
        time.SetUtcNow(T0.AddDays(91));

        using var retention = new JournalRetention(journal, time, LoggerFor<JournalRetention>());
        await retention.StartAsync(TestContext.Current.CancellationToken);
        time.Advance(JournalRetention.FirstAfter - TimeSpan.FromSeconds(1));
        Assert.NotNull(journal.FindRecord("s-old"));

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => journal.FindRecord("s-old") is null, TimeSpan.FromSeconds(10), "the old record pruned");
        Assert.NotNull(journal.FindRecord("s-recent"));

        // The daily passes go on: once the recent record is as old, it goes too.
        time.Advance(TimeSpan.FromDays(80));
        await Eventually.TrueAsync(() => journal.FindRecord("s-recent") is null, TimeSpan.FromSeconds(10), "the next day's pruning");
        await retention.StopAsync(TestContext.Current.CancellationToken);
    }

    private static RecordWrite Seal(string sessionId, DateTimeOffset endedAt, string prevHash)
    {
        var json = $$"""{"sessionId":"{{sessionId}}","prevHash":"{{prevHash}}"}""";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return new RecordWrite(sessionId, "A", endedAt, json, hash, prevHash);
    }
}
