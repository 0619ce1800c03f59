using System.Diagnostics;
using System.Globalization;
using Paxman.Edge.Core;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `simulator [rounds]`: the plant's physical figures (chill-down time, two-cap spare capacity, warming rate with
/// the compressor off) and its speed: simulated seconds per real second for the plant alone and for the whole
/// in-process unit (engine, link, MCU emulator, plant) stepped as fast as possible. Speeds are the median of
/// <c>rounds</c> side-by-side rounds.
/// </summary>
internal static class SimulatorScenario
{
    private static readonly McuDrive FullSpeedNoCap = new(100, Pump: true, ValveA: false, ValveB: false, Fan: true);

    public static int Run(int rounds)
    {
        var k = new PlantConstants();
        var plant = new ThermalPlant(k, 22, seed: 1);
        var seconds = 0;
        while (plant.ReservoirC > -4)
        {
            plant.Drive(FullSpeedNoCap, 1000);
            seconds++;
        }

        Console.WriteLine(Invariant($"chill-down 22 C -> -4 C, full speed, no cap: {seconds / 60.0:F1} min"));
        Console.WriteLine(Invariant($"coolant warming, compressor off, pump on, at -4 C in a 22 C room: {60 * ((k.ReservoirInsulationWPerK * 26) + k.PumpHeatW) / k.ReservoirHeatCapacity(k.CoolantFullLitres):F3} C/min"));
        var plantRates = new List<double>();
        var unitRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            plantRates.Add(PlantAlone(TimeSpan.FromHours(2)));
            unitRates.Add(WholeUnit(TimeSpan.FromHours(1)));
        }

        Console.WriteLine(Invariant($"plant alone: median {TickScenario.Median(plantRates):F0} simulated s per real s ({rounds} rounds)"));
        Console.WriteLine(Invariant($"whole in-process unit, lock-step: median {TickScenario.Median(unitRates):F0} simulated s per real s ({rounds} rounds)"));
        return 0;
    }

    private static double PlantAlone(TimeSpan simulated)
    {
        var plant = new ThermalPlant(new PlantConstants(), 22, seed: 1);
        plant.SetCapConnected(CapChannel.A, true);
        var drive = new McuDrive(60, Pump: true, ValveA: true, ValveB: false, Fan: true);
        var watch = Stopwatch.StartNew();
        var ms = (long)simulated.TotalMilliseconds;
        for (long t = 0; t < ms; t += 100)
        {
            plant.Drive(drive, 100);
            if (t % 1000 == 0)
            {
                plant.Sample();
            }
        }

        return simulated.TotalSeconds / watch.Elapsed.TotalSeconds;
    }

    private static double WholeUnit(TimeSpan simulated)
    {
        var rig = SimulatedRig.Offline(new SimulatedUnitOptions());
        _ = new StandingNurse(rig.Engine); // plugged caps are treated: a session is opened and pre-cooled
        rig.Unit.SetCap(CapChannel.A, true);
        var watch = Stopwatch.StartNew();
        rig.Run(simulated);
        return simulated.TotalSeconds / watch.Elapsed.TotalSeconds;
    }


    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

}
