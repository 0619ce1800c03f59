using Paxman.Edge.Simulator.Scenarios;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>Runs scenarios in-process with the test's loggers (an unexpected Error log fails the test).</summary>
public abstract class ScenarioTest : TestEnvironment
{
    /// <summary>The shipped scenarios, beside their expected output.</summary>
    protected static string ScenariosFolder { get; } = Path.Combine(RepoPaths.Root, "simulator", "scenarios");

    /// <summary>Runs scenario text; returns its lines (the summary's <c>wallSeconds</c> is the only figure that varies).</summary>
    private protected string Run(string json, string? journalFolder = null) => Run(ScenarioParser.Parse(json), journalFolder);

    private protected string Run(Scenario scenario, string? journalFolder = null)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using (var runner = new ScenarioRunner(scenario, output, journalFolder, LoggerFactory))
        {
            runner.Run();
        }

        return output.ToString();
    }

    /// <summary>The output's lines with <c>wallSeconds</c> set to 0, as the expected files hold them.</summary>
    protected static string[] Normalised(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JsonLines.WithoutWallSeconds).ToArray();
}
