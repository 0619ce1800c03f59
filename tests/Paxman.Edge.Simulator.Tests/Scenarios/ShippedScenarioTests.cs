namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>
/// Every scenario in simulator/scenarios runs and gives exactly the output committed beside it (the summary's
/// wallSeconds aside). Each expected file was read as a nurse and a billing clerk would (simulator/README.md,
/// "Shipped scenarios"); a difference is a behaviour change to review, not a file to regenerate blindly.
/// </summary>
public sealed class ShippedScenarioTests : ScenarioTest
{
    public static TheoryData<string> Shipped()
    {
        var names = new TheoryData<string>();
        foreach (var name in Names())
        {
            names.Add(name);
        }

        return names;
    }

    private static IEnumerable<string> Names() =>
        Directory.GetFiles(ScenariosFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [Fact]
    public void Shipped_TheRequiredScenarios_AreThere()
    {
        string[] required = ["docetaxel", "default-90", "two-patients", "bathroom-break", "power-loss-postcool", "power-cut", "flow-block", "stop-button",
            "abort", "override", "day-two-channels"];
        var shipped = Names().ToList();
        Assert.All(required, name => Assert.Contains(name, shipped));
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Run_ShippedScenario_GivesExactlyTheCommittedOutput(string name)
    {
        var expectedFile = Path.Combine(ScenariosFolder, name + ".jsonl");
        Assert.True(File.Exists(expectedFile), $"{name}.json has no expected output {name}.jsonl beside it");
        var expected = File.ReadAllLines(expectedFile).Select(JsonLines.WithoutWallSeconds).ToArray();

        var actual = Normalised(Run(File.ReadAllText(Path.Combine(ScenariosFolder, name + ".json"))));

        var diff = JsonLines.Diff(expected, actual);
        Assert.True(diff is null,
            $"simulator/scenarios/{name}.jsonl differs from the run:\n{diff}\n"
            + $"If the change is intended, check the new output as the README says, then: dotnet run --project simulator/Paxman.Edge.Simulator -- run-scenario simulator/scenarios/{name}.json --out simulator/scenarios/{name}.jsonl");
    }
}
