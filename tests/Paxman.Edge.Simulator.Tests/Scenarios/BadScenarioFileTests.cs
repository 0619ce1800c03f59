using Paxman.Edge.Simulator.Scenarios;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>A scenario file that is itself wrong exits 2 with one line naming the step and the problem; nothing runs.</summary>
public sealed class BadScenarioFileTests : TestEnvironment
{
    private const string PowerOn = """{"at":"00:00:00","do":"power-on"}""";

    public static TheoryData<string, string, string> BadFiles() => new()
    {
        { "bad JSON in a step", $$"""{"runUntil":"00:10:00","steps":[{{PowerOn}},{"at":"00:01:00" "do":"cap"}]}""", "steps[1]: bad JSON at line 1" },
        { "bad JSON after the last step", $$"""{"runUntil":"00:10:00","steps":[{{PowerOn}},{"at":"00:01:00","do":"audio-pause"}""", "after steps[1]: bad JSON" },
        { "unknown action", $$"""{"runUntil":"00:10:00","steps":[{{PowerOn}},{"at":"00:01:00","do":"cpa","channel":"A"}]}""", "steps[1] at 00:01:00: unknown action \"cpa\"" },
        { "unknown fault", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"fault","fault":"flow-blok","active":true}]}""", "steps[0] at 00:01:00 (\"fault\"): 'flow-blok' is not a fault" },
        { "fault without its channel", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"fault","fault":"flow-block","active":true}]}""", "steps[0] at 00:01:00 (\"fault\"): flow-block needs a channel" },
        { "link-noise without ber", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"fault","fault":"link-noise","active":true}]}""", "link-noise needs ber" },
        { "missing field", $$"""{"runUntil":"00:10:00","steps":[{{PowerOn}},{"at":"00:02:00","do":"cap","channel":"A"}]}""", "steps[1] at 00:02:00 (\"cap\"): \"connected\" is missing" },
        { "missing channel", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:02:00","do":"precool"}]}""", "steps[0] at 00:02:00 (\"precool\"): \"channel\" is missing" },
        { "bad channel", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:02:00","do":"cap","channel":"C","connected":true}]}""", "steps[0] at 00:02:00 (\"cap\"): \"channel\" is \"C\"; use \"A\" or \"B\"" },
        { "mistyped field", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:02:00","do":"cap","channel":"A","connected":"yes"}]}""", "\"connected\" must be true or false" },
        { "unknown field", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:02:00","do":"cap","chanel":"A","connected":true}]}""", "steps[0] at 00:02:00 (\"cap\"): unknown field \"chanel\"" },
        { "times out of order", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:05:00","do":"audio-pause"},{"at":"00:04:00","do":"audio-pause"}]}""", "steps[1] at 00:04:00 (\"audio-pause\"): times out of order" },
        { "at past runUntil", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:10:00.1","do":"audio-pause"}]}""", "steps[0] at 00:10:00.1 (\"audio-pause\"): after \"runUntil\" 00:10:00" },
        { "not a device time", $$"""{"runUntil":"00:10:00","steps":[{"at":"1:2","do":"audio-pause"}]}""", "steps[0]: \"at\": \"1:2\" is not a device time" },
        { "between ticks", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:00:01.05","do":"audio-pause"}]}""", "does not fall on an engine tick" },
        { "missing at", $$"""{"runUntil":"00:10:00","steps":[{"do":"audio-pause"}]}""", "steps[0]: \"at\" is missing" },
        { "power-on later", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"power-on"}]}""", "steps[0] at 00:01:00 (\"power-on\"): the unit powers on at 00:00:00" },
        { "outage while down", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"restart"},{"at":"00:01:20","do":"power-cut","downSeconds":60}]}""", "steps[1] at 00:01:20 (\"power-cut\"): the host is still down until 00:01:30" },
        { "downtime out of range", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"restart","downSeconds":0}]}""", "\"downSeconds\": 0 is out of range" },
        { "ack without code", $$"""{"runUntil":"00:10:00","steps":[{"at":"00:01:00","do":"ack"}]}""", "steps[0] at 00:01:00 (\"ack\"): \"code\" is missing" },
        { "missing runUntil", $$"""{"steps":[{{PowerOn}}]}""", "\"runUntil\" is missing" },
        { "unknown top-level field", $$"""{"runUntil":"00:10:00","sed":3,"steps":[]}""", "unknown field \"sed\"" },
        { "not an object", "[1,2]", "one JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void RunScenario_BadFile_ExitsTwoWithOneLineNamingTheStep(string what, string json, string expected)
    {
        using var folder = new TempFolder("paxman-bad-scenario");
        var file = folder.File("bad.json");
        File.WriteAllText(file, json);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ScenarioCommand.Run([file], stdout, stderr, LoggerFactory);

        Assert.True(exit == 2, $"{what}: exit {exit}");
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"run-scenario: {file}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Theory]
    [InlineData(new string[0], "give the scenario file")]
    [InlineData(new[] { "a.json", "--out" }, "--out needs a value")]
    [InlineData(new[] { "a.json", "--speed", "2" }, "unexpected argument '--speed'")]
    [InlineData(new[] { "a.json", "b.json" }, "unexpected argument 'b.json'")]
    public void RunScenario_BadArguments_ExitsTwoWithUsage(string[] args, string expected)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ScenarioCommand.Run(args, stdout, stderr, LoggerFactory);

        Assert.Equal(2, exit);
        Assert.StartsWith($"run-scenario: {expected}", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: Paxman.Edge.Simulator run-scenario FILE.json", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunScenario_MissingFile_ExitsTwoNamingIt()
    {
        using var folder = new TempFolder("paxman-bad-scenario");
        var file = folder.File("nowhere.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ScenarioCommand.Run([file], stdout, stderr, LoggerFactory);

        Assert.Equal(2, exit);
        Assert.StartsWith($"run-scenario: cannot read {file}", stderr.ToString(), StringComparison.Ordinal);
    }
}
