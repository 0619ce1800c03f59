using System.Globalization;
using Paxman.Edge.Simulator.Scenarios;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `scenario [FILE] [rounds]`: the scenario runner's speed (README of the simulator, "Scenario runner") on a scenario
/// file, by default the shipped 4.5-hour two-channel day: device seconds per wall second, median of the rounds, with
/// the journal on disk and the output discarded.
/// </summary>
internal static class ScenarioSpeed
{
    public static int Run(string? file, int rounds)
    {
        file = string.IsNullOrEmpty(file) ? Path.Combine(RepoPaths.Root, "simulator", "scenarios", "day-two-channels.json") : file;
        var scenario = ScenarioParser.Parse(File.ReadAllBytes(file));
        var speeds = new List<double>();
        var walls = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            using var runner = new ScenarioRunner(scenario, TextWriter.Null);
            var summary = runner.Run();
            speeds.Add(summary.Speed);
            walls.Add(summary.WallSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(file)}: {scenario.RunUntil.TotalSeconds:0} device s in a median {TickScenario.Median(walls):0.00} s of wall time, {TickScenario.Median(speeds):0} device s per wall s ({rounds} rounds; wall {string.Join(", ", walls.Select(w => w.ToString("0.00", CultureInfo.InvariantCulture)))} s)"));
        return 0;
    }
}
