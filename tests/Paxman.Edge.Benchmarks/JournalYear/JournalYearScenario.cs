using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Benchmarks.JournalYear;

/// <summary>
/// `journal-year [days] [rounds]`: a journal of a busy unit over a year (<see cref="BusyUnitJournal"/>), and what it
/// costs: its size on disk and after pruning at the default retention; the start-up to the first tick with it (the
/// journal's full check at open, recovery, the engine's first tick); <c>verify-journal</c>; the sessions list
/// (<c>GET /api/sessions?limit=50</c>'s journal read and record parsing); and append-to-durable against an empty
/// journal, alternately in the same run. Medians over the rounds.
/// </summary>
internal static class JournalYearScenario
{
    public static async Task<int> RunAsync(int days, int rounds)
    {
        var root = Directory.CreateTempSubdirectory("paxman-year-").FullName;
        try
        {
            var year = Path.Combine(root, "year");
            var empty = Path.Combine(root, "empty");
            var fill = Stopwatch.StartNew();
            int sessions;
            using (var journal = SqliteJournal.Open(year, new FakeTimeProvider(BusyUnitJournal.Start), NullLogger<SqliteJournal>.Instance,
                new JournalOptions { RetentionDays = JournalOptions.MaxRetentionDays }))
            {
                sessions = BusyUnitJournal.Fill(journal, days);
            }

            Print($"filled {days} days: {sessions} sessions in {fill.Elapsed.TotalSeconds:F1} s; journal.db {Megabytes(year):F1} MB");
            SqliteJournal.Open(empty, TimeProvider.System, NullLogger<SqliteJournal>.Instance).Dispose();

            var startups = new List<double>();
            var verifies = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                using (var journal = SqliteJournal.Open(year, TimeProvider.System, NullLogger<SqliteJournal>.Instance, new JournalOptions { RetentionDays = JournalOptions.MaxRetentionDays }))
                using (var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, journal: journal))
                {
                    rig.Tick();
                    startups.Add(watch.Elapsed.TotalMilliseconds);
                }

                watch.Restart();
                var verification = JournalVerifier.Verify(year, RecordChain.ComputeHash);
                verifies.Add(watch.Elapsed.TotalMilliseconds);
                if (!verification.Intact)
                {
                    Print($"verify-journal: broken ({verification.FirstBrokenLink?.Description})");
                    return 1;
                }
            }

            Print($"start-up to the first tick: median {Median(startups):F0} ms (target < 3000 ms); verify-journal: median {Median(verifies):F0} ms (target < 5000 ms)");

            using (var journal = SqliteJournal.Open(year, TimeProvider.System, NullLogger<SqliteJournal>.Instance, new JournalOptions { RetentionDays = JournalOptions.MaxRetentionDays }))
            {
                var lists = new List<double>();
                for (var i = 0; i < 200 * rounds; i++)
                {
                    var watch = Stopwatch.StartNew();
                    foreach (var stored in journal.ListRecords(null, 50))
                    {
                        RecordJson.Parse(stored.Json);
                    }

                    lists.Add(watch.Elapsed.TotalMilliseconds);
                }

                lists.Sort();
                Print($"sessions list (limit 50): p50 {lists[lists.Count / 2]:F2} ms, p99 {lists[(int)(lists.Count * 0.99)]:F2} ms (target p99 < 50 ms)");
            }

            var (yearLatencies, emptyLatencies) = (new List<double>(), new List<double>());
            for (var round = 0; round < rounds; round++)
            {
                yearLatencies.AddRange(await AppendLatenciesAsync(year, 300));
                emptyLatencies.AddRange(await AppendLatenciesAsync(empty, 300));
            }

            yearLatencies.Sort();
            emptyLatencies.Sort();
            var (yearP50, emptyP50) = (yearLatencies[yearLatencies.Count / 2], emptyLatencies[emptyLatencies.Count / 2]);
            var (yearP99, emptyP99) = (yearLatencies[(int)(yearLatencies.Count * 0.99)], emptyLatencies[(int)(emptyLatencies.Count * 0.99)]);
            Print($"append-to-durable: year p50 {yearP50:F2} ms p99 {yearP99:F2} ms; empty p50 {emptyP50:F2} ms p99 {emptyP99:F2} ms; ratio p50 {yearP50 / emptyP50:F2}, p99 {yearP99 / emptyP99:F2} (target within 1.5)");

            var end = BusyUnitJournal.Start.AddDays(days);
            using (var journal = SqliteJournal.Open(year, new FakeTimeProvider(end), NullLogger<SqliteJournal>.Instance))
            {
                var pruned = journal.Prune(end);
                Print($"pruned at the default retention ({new JournalOptions().RetentionDays} days): {pruned.Records} records, {pruned.SessionRows} session rows, {pruned.Alarms} alarm changes");
            }

            Print($"journal.db after pruning: {Megabytes(year):F1} MB");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<double>> AppendLatenciesAsync(string folder, int appends)
    {
        using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance, new JournalOptions { RetentionDays = JournalOptions.MaxRetentionDays });
        var state = new string('x', 1500);
        var latencies = new List<double>(appends);
        for (var i = 0; i < appends; i++)
        {
            var watch = Stopwatch.StartNew();
            var seq = journal.Append(new SessionRowWrite("bench-open", "A", "checkpoint", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(i), null, null, state));
            await journal.WhenDurable(seq);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Megabytes(string folder) => new FileInfo(Path.Combine(folder, "journal.db")).Length / (1024.0 * 1024.0);

    private static void Print(string line) => Console.WriteLine(line);
}
