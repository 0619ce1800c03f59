using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `journal [appends]`: the journal's append-to-durable latency on this machine's disk: one session row (the size of a
/// real one) appended at a time, timed from <see cref="IJournal.Append"/> until <see cref="IJournal.WhenDurable"/>
/// completes (the writer's commit with synchronous=FULL, an fsync). Prints p50, p99 and max.
/// </summary>
internal static class JournalScenario
{
    public static async Task<int> RunAsync(int appends)
    {
        var folder = Directory.CreateTempSubdirectory("paxman-journal-").FullName;
        try
        {
            using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
            var state = new string('x', 1800);
            var time = TimeProvider.System;
            var latencies = new List<double>(appends);
            for (var i = 0; i < appends + 20; i++)
            {
                var started = time.GetTimestamp();
                var seq = journal.Append(new SessionRowWrite($"s-{i % 4}", "A", "checkpoint", time.GetUtcNow(), TimeSpan.FromSeconds(i), null, null, state));
                await journal.WhenDurable(seq);
                if (i >= 20)
                {
                    latencies.Add(time.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"journal append-to-durable, one row at a time: p50 {latencies[latencies.Count / 2]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms, max {latencies[^1]:F2} ms over {appends} appends ({journal.CommitCount} commits)"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
