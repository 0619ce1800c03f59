using System.Globalization;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `lateness [seconds]`: the engine paced at 10 Hz of real time by the service's own <see cref="TickPacer"/>, as on
/// the real unit, while one busy thread per core competes for the CPU. Prints the lateness of each tick's start
/// against its deadline (p50, p99, max) and the pacer's late and skipped ticks.
/// </summary>
internal static class LatenessScenario
{
    public static async Task<int> RunAsync(TimeSpan duration)
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 });
        rig.Unit.SetCap(CapChannel.A, true);

        using var stop = new CancellationTokenSource();
        // Dedicated threads, as another process hogging both cores would be (not thread-pool work, which would
        // starve the pool the driver's timer continuations run on: a different failure, measured nowhere here).
        var load = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() => Burn(stop.Token)) { IsBackground = true }).ToArray();
        foreach (var thread in load)
        {
            thread.Start();
        }

        var time = TimeProvider.System;
        var pacer = new TickPacer(RealTimeDriver.Period, time.GetTimestamp(), time.TimestampFrequency);
        var deadline = time.GetTimestamp();
        var period = (long)(RealTimeDriver.Period.TotalSeconds * time.TimestampFrequency);
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

        await stop.CancelAsync();
        foreach (var thread in load)
        {
            thread.Join();
        }

        lateness.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tick lateness over {duration.TotalMinutes:F0} min with {load.Length} busy threads: p50 {Percentile(lateness, 0.5):F2} ms, p99 {Percentile(lateness, 0.99):F2} ms, max {lateness[^1]:F2} ms; {lateness.Count} ticks, {pacer.LateTicks} late (> 50 ms), {pacer.SkippedTicks} skipped, period {period * 1000.0 / time.TimestampFrequency:F0} ms"));
        return 0;
    }

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
