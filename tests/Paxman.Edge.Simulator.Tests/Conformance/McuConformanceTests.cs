using System.Text.RegularExpressions;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulator.Tests.Conformance;

/// <summary>
/// The conformance suite (firmware-protocol/conformance) run as a vendor runs it: the runner on the host end of a
/// socat pty pair, the MCU a process on the other end that the runner starts, resets and drives through its bench on
/// stdin. Against the C# emulator and the C reference core (<c>pxmcu</c>); a vendor runs the same runner against a board
/// (firmware-protocol/README.md, "The conformance suite").
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class McuConformanceTests
{
    // The windows are tight enough for a board on USB serial; a CI machine shared by several builds adds its load.
    private const string Slack = "300";

    // The windows model a dedicated MCU chip with a CPU of its own, and a host that sends on time. Here the MCU is a
    // process on a 2-core machine running the other test projects alongside, and a starved MCU or runner (several
    // hundred ms unscheduled under that load) missed windows no chip would. So the runner, the MCU it starts (which
    // inherits the value) and the cable run ahead of the rest (the tests run as root; elsewhere nice warns and runs
    // them at normal priority).
    private const string Niceness = "-10";

    private static string ScenarioFolder => Path.Combine(RepoPaths.Root, "firmware-protocol", "conformance", "scenarios");

    private static string RunnerDll => Path.Combine(RepoPaths.Root, "firmware-protocol", "conformance", "Paxman.Edge.Conformance", "bin",
        RepoPaths.Configuration, "net10.0", "Paxman.Edge.Conformance.dll");

    [Fact]
    public async Task The_emulator_process_holds_every_scenario_of_the_suite()
    {
        var output = await RunSuiteAsync($"dotnet {RepoPaths.SimulatorDll} mcu --port {{port}} --retained {{retained}} --reset-reason {{reset_reason}}");

        Assert.Matches(@"(?m)^\d+ hold, 0 fail, 0 not run$", output);
        Assert.Equal(Directory.GetFiles(ScenarioFolder, "*.pxs").Length, Regex.Count(output, "(?m)^holds "));
    }

    [Fact]
    public async Task The_C_reference_core_pxmcu_holds_every_scenario_of_the_suite()
    {
        var pxmcu = await Pxmcu.BuildAsync();

        var output = await RunSuiteAsync($"{pxmcu} --port {{port}} --reset-reason {{reset_reason}} --retained {{retained}}");

        Assert.Matches(@"(?m)^\d+ hold, 0 fail, 0 not run$", output);
        Assert.Equal(Directory.GetFiles(ScenarioFolder, "*.pxs").Length, Regex.Count(output, "(?m)^holds "));
    }

    [Fact]
    public void Every_row_of_the_state_machine_table_is_covered_by_a_scenario_and_every_cover_names_a_row()
    {
        var rows = StateMachineRows();
        var covered = Directory.GetFiles(ScenarioFolder, "*.pxs")
            .SelectMany(f => File.ReadLines(f).Where(l => l.StartsWith("covers:", StringComparison.Ordinal)).SelectMany(l => l[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(rows.Count >= 20, $"only {rows.Count} rows found in protocol.md's state-machine table");
        Assert.Empty(rows.Except(covered).Order(StringComparer.Ordinal));
        Assert.Empty(covered.Except(rows).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_scenario_that_does_not_hold_is_reported_and_fails_the_run()
    {
        using var folder = new TempFolder("paxman-conformance");
        File.WriteAllText(folder.File("wrong.pxs"), """
            # The MCU is expected to answer a HELLO with a request_id it was not sent.
            covers: hello-new
            @0 send HELLO host_proto_version=1 link_id=$link request_id=1
            expect [0,200] HELLO_ACK link_id=$link request_id=2
            """);

        var (exit, output) = await RunRunnerAsync($"dotnet {RepoPaths.SimulatorDll} mcu --port {{port}} --retained {{retained}} --reset-reason {{reset_reason}}", "--scenarios", folder.Path);

        Assert.Equal(1, exit);
        Assert.Contains("FAILS    wrong", output, StringComparison.Ordinal);
        Assert.Contains("no matching frame; saw HELLO_ACK", output, StringComparison.Ordinal);
    }

    // protocol.md, "The MCU state machine": the first column of its event table, `row-id`.
    private static HashSet<string> StateMachineRows()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "firmware-protocol", "protocol.md"));
        var start = text.IndexOf("\nEvents\n------", StringComparison.Ordinal);
        Assert.True(start >= 0, "protocol.md has no 'Events' table in its state-machine section");
        var table = text[start..];
        var end = table.IndexOf("\n\n", table.IndexOf("| `", StringComparison.Ordinal), StringComparison.Ordinal);
        return RowId().Matches(table[..end]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<string> RunSuiteAsync(string mcuCommand)
    {
        var (exit, output) = await RunRunnerAsync(mcuCommand);
        Assert.True(exit == 0, $"the conformance runner exited {exit}:\n{output}");
        return output;
    }

    private static async Task<(int Exit, string Output)> RunRunnerAsync(string mcuCommand, params string[] extra)
    {
        await using var pair = await SocatPtyPair.StartAsync(niceness: int.Parse(Niceness, System.Globalization.CultureInfo.InvariantCulture));
        await using var runner = ChildProcess.Start("nice",
            ["-n", Niceness, "dotnet", RunnerDll, "--port", pair.HostEnd, "--mcu-port", pair.McuEnd, "--mcu", mcuCommand, "--slack", Slack, .. extra]);
        var exit = await runner.WaitForExitAsync(TimeSpan.FromSeconds(150));
        return (exit, runner.Output);
    }

    [GeneratedRegex(@"(?m)^\| `([a-z-]+)` \|")]
    private static partial Regex RowId();
}
