using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `lateness [seconds]`: two engines side by side in one run, each paced at 10 Hz of real time by the service's own
/// <see cref="TickPacer"/> as on the real unit, each treating two caps: one journals to a SQLite file on disk, the other
/// has no journal. One busy thread per core competes for the CPU. Prints, for each, the lateness of each tick's start
/// against its deadline (p50, p99, max) and the pacer's late and skipped ticks.
/// </summary>
internal static class LatenessScenario
{
    public static async Task<int> RunAsync(TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("paxman-lateness-").FullName;
        try
        {
            using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
            using var journaled = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, journal: journal);
            using var bare = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 });
            foreach (var rig in new[] { journaled, bare })
            {
                _ = new StandingNurse(rig.Engine); // plugged caps are treated: a session is opened and pre-cooled
                rig.Unit.SetCap(CapChannel.A, true);
                rig.Unit.SetCap(CapChannel.B, true);
            }

            using var stop = new CancellationTokenSource();
            // Dedicated threads, as another process hogging both cores would be (not thread-pool work, which would
            // starve the pool the driver's timer continuations run on: a different failure, measured nowhere here).
            var load = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() => Burn(stop.Token)) { IsBackground = true }).ToArray();
            foreach (var thread in load)
            {
                thread.Start();
            }

            var results = await Task.WhenAll(PaceAsync(journaled, duration), PaceAsync(bare, duration));
            await stop.CancelAsync();
            foreach (var thread in load)
            {
                thread.Join();
            }

            Print("journal on ", results[0], duration, load.Length);
            Print("journal off", results[1], duration, load.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"journal: {journal.CommitCount} commits; sessions cooling: A {journaled.Engine.Output.ValveA}, B {journaled.Engine.Output.ValveB}"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(List<double> Lateness, long Late, long Skipped)> PaceAsync(SimulatedRig rig, TimeSpan duration)
    {
        await Task.Yield();
        var time = TimeProvider.System;
        var pacer = new TickPacer(RealTimeDriver.Period, time.GetTimestamp(), time.TimestampFrequency);
        var deadline = time.GetTimestamp();
        var lateness = new List<double>();
        var end = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
        while (time.GetTimestamp() < end)
        {
            var now = time.GetTimestamp();
            pacer.TickStarted(now);
            lateness.Add(Math.Max(0, (now - deadline) * 1000.0 / time.TimestampFrequency));
            rig.Tick();
            var wait = pacer.TickFinished(time.GetTimestamp());
            deadline = time.GetTimestamp() + wait;
            await Task.Delay(TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), time);
        }

        lateness.Sort();
        return (lateness, pacer.LateTicks, pacer.SkippedTicks);
    }

    private static void Print(string label, (List<double> Lateness, long Late, long Skipped) r, TimeSpan duration, int busy) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: tick lateness over {duration.TotalMinutes:F1} min with {busy} busy threads: p50 {Percentile(r.Lateness, 0.5):F2} ms, p99 {Percentile(r.Lateness, 0.99):F2} ms, max {r.Lateness[^1]:F2} ms; {r.Lateness.Count} ticks, {r.Late} late (> 50 ms), {r.Skipped} skipped"));

    private static void Burn(CancellationToken stop)
    {
        var x = 1.0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = Math.Sqrt(x + i);
            }
        }

        GC.KeepAlive(x);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
