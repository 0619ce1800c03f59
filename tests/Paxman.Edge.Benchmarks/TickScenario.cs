using System.Diagnostics;
using System.Globalization;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `tick [rounds]`: the cost of one engine tick in steady state (ready, both caps cooled), including the in-process
/// simulated hardware it steps (plant, MCU emulator, link codec), and the bytes allocated per tick: medians of
/// rounds of 10,000 ticks.
/// </summary>
internal static class TickScenario
{
    public static int Run(int rounds)
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 });
        _ = new StandingNurse(rig.Engine); // plugged caps are treated: a session is opened and pre-cooled
        rig.Unit.SetCap(CapChannel.A, true);
        rig.Unit.SetCap(CapChannel.B, true);
        rig.Run(TimeSpan.FromMinutes(10));

        var nanos = new List<double>();
        var bytes = new List<double>();
        const int ticks = 10_000;
        for (var round = 0; round < rounds; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < ticks; i++)
            {
                rig.Tick();
            }

            nanos.Add(watch.Elapsed.TotalNanoseconds / ticks);
            bytes.Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)ticks);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine tick with its simulated hardware, steady state: median {Median(nanos) / 1000:F1} us, {Median(bytes):F0} B allocated per tick ({rounds} rounds of {ticks} ticks)"));
        return 0;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

}
