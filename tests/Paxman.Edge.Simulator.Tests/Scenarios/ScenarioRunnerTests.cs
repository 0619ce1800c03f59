using System.Text.Json;
using System.Text.Json.Nodes;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Simulator.Scenarios;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>The runner's own rules (simulator/README.md, "Scenario runner"), on short scenarios that need no chilled coolant.</summary>
public sealed class ScenarioRunnerTests : ScenarioTest
{
    // A session opened and aborted before pre-cool: a record in two minutes of device time.
    private const string OpenAndAbort = """
        {"seed":%SEED%,"runUntil":"00:03:00","steps":[
          {"at":"00:00:00","do":"power-on"},
          {"at":"00:01:00","do":"new-session","channel":"A","patientRef":"P-1","operatorId":"N-1","regimen":"docetaxel"},
          {"at":"00:02:00","do":"abort","channel":"A","operatorId":"N-1","reason":"patient-request"}]}
        """;

    [Fact]
    public void Run_SameFileTwice_GivesTheSameBytesApartFromWallSeconds()
    {
        var json = OpenAndAbort.Replace("%SEED%", "7", StringComparison.Ordinal);

        var first = Normalised(Run(json));
        var second = Normalised(Run(json));

        Assert.Equal(first, second);
        Assert.Equal(2, first.Length);
    }

    [Fact]
    public void Run_AnotherSeed_GivesAnotherSessionId()
    {
        var one = Records(Run(OpenAndAbort.Replace("%SEED%", "1", StringComparison.Ordinal))).Single();
        var two = Records(Run(OpenAndAbort.Replace("%SEED%", "2", StringComparison.Ordinal))).Single();

        Assert.NotEqual(one["sessionId"]!.GetValue<string>(), two["sessionId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", one["sessionId"]!.GetValue<string>());
    }

    [Fact]
    public void Run_RecordLine_EmbedsExactlyTheTextTheJournalStoredAndHashed()
    {
        using var journal = new TempFolder("paxman-scenario-journal");
        var output = Run(OpenAndAbort.Replace("%SEED%", "1", StringComparison.Ordinal), journal.Path);

        var line = output.Split('\n').Single(l => l.StartsWith("{\"type\":\"record\",\"record\":", StringComparison.Ordinal));
        var embedded = line["{\"type\":\"record\",\"record\":".Length..^1];
        var sessionId = JsonNode.Parse(embedded)!["sessionId"]!.GetValue<string>();
        using (var reopened = SqliteJournal.Open(journal.Path, TimeProvider.System, LoggerFor<SqliteJournal>()))
        {
            Assert.Equal(reopened.FindRecord(sessionId)!.Json, embedded);
        }

        Assert.True(RecordChain.Verify(embedded, new string('0', 64), out var problem), problem);
        var verification = JournalVerifier.Verify(journal.Path, RecordChain.ComputeHash);
        Assert.True(verification.Intact);
        Assert.Equal(1, verification.RecordsChecked);
    }

    [Fact]
    public void Run_NurseActionsWhileTheHostIsDown_AreRefusedAsUnitRestarting()
    {
        var output = Run("""
            {"runUntil":"00:03:00","steps":[
              {"at":"00:00:00","do":"power-on"},
              {"at":"00:01:00","do":"new-session","channel":"A","patientRef":"P-1","operatorId":"N-1","regimen":"docetaxel","note":"posted, but the host dies before its tick"},
              {"at":"00:01:00","do":"restart","downSeconds":30},
              {"at":"00:01:10","do":"new-session","channel":"A","patientRef":"P-1","operatorId":"N-1","regimen":"docetaxel"},
              {"at":"00:01:10","do":"cap","channel":"A","connected":true,"note":"hardware still applies"},
              {"at":"00:01:30","do":"new-session","channel":"A","patientRef":"P-1","operatorId":"N-1","regimen":"docetaxel","note":"the host is back"},
              {"at":"00:02:00","do":"abort","channel":"A","reason":"other"}]}
            """);

        var refused = Lines(output).Where(l => l["type"]!.GetValue<string>() == "refused").ToList();
        Assert.Equal([1, 3], refused.Select(r => r["step"]!.GetValue<int>()));
        Assert.All(refused, r => Assert.Equal(ScenarioRunner.HostDownDetail, r["detail"]!.GetValue<string>()));
        var record = Records(output).Single();
        Assert.Equal("2026-01-05T13:01:30.000Z", record["startedAt"]!.GetValue<string>());
        var summary = Lines(output).Last();
        Assert.Equal(2, summary["refused"]!.GetValue<int>());
        Assert.Equal(1, summary["records"]!.GetValue<int>());
        Assert.Equal(180, summary["deviceSeconds"]!.GetValue<double>());
    }

    [Fact]
    public void Run_RefusedAction_WritesTheEngineRefusalAndChangesNothing()
    {
        var output = Run("""
            {"runUntil":"00:02:00","steps":[
              {"at":"00:00:30","do":"precool","channel":"B"},
              {"at":"00:01:00","do":"new-session","channel":"B","patientRef":"P-1","operatorId":"N-1","regimen":"no-such-regimen"},
              {"at":"00:01:10","do":"new-session","channel":"B","patientRef":"P-1","operatorId":"N-1","regimen":"paclitaxel"},
              {"at":"00:01:20","do":"precool","channel":"B"}]}
            """);

        var refused = Lines(output).Where(l => l["type"]!.GetValue<string>() == "refused").ToDictionary(r => r["step"]!.GetValue<int>(), r => r["detail"]!.GetValue<string>());
        Assert.Equal([0, 1, 3], refused.Keys.Order());
        Assert.Equal("There is no running session on channel B to precool; start a new session first.", refused[0]);
        Assert.StartsWith("Choose a regimen: default, docetaxel, paclitaxel", refused[1], StringComparison.Ordinal);
        Assert.StartsWith("Cap B is not connected", refused[3], StringComparison.Ordinal);
        Assert.Empty(Records(output));
    }

    [Fact]
    public void Run_AlarmsWhileTheBrokerIsDown_AreHistorical_AndAckAllResetsThem()
    {
        var output = Run("""
            {"runUntil":"00:02:00","steps":[
              {"at":"00:00:30","do":"broker-down"},
              {"at":"00:00:40","do":"stop-button","pressed":true},
              {"at":"00:00:50","do":"stop-button","pressed":false},
              {"at":"00:01:00","do":"broker-up"},
              {"at":"00:01:10","do":"ack","code":"flow-loss","channel":"A"},
              {"at":"00:01:20","do":"ack","code":"all"}]}
            """);

        var stop = Lines(output).Where(l => l["type"]!.GetValue<string>() == "alarm" && l["code"]!.GetValue<string>() == "stop-button").ToList();
        Assert.Equal(["raised", "acknowledged", "cleared"], stop.Select(a => a["state"]!.GetValue<string>()));
        Assert.Equal([true, false, false], stop.Select(a => a["historical"]!.GetValue<bool>()));
        Assert.Equal("2026-01-05T13:01:20.000Z", stop[1]["at"]!.GetValue<string>());
        Assert.Equal(["type", "alarmId", "code", "priority", "state", "channel", "at", "message", "historical"], stop[0].Select(p => p.Key));
        var refused = Lines(output).Single(l => l["type"]!.GetValue<string>() == "refused");
        Assert.Equal(4, refused["step"]!.GetValue<int>());
        Assert.StartsWith("There is no open alarm 'flow-loss' on channel A", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AckWhileStopIsPressed_OnlySilences_AndAckAllAfterTheReleaseResetsIt()
    {
        var output = Run("""
            {"runUntil":"00:01:30","steps":[
              {"at":"00:00:40","do":"stop-button","pressed":true},
              {"at":"00:00:45","do":"ack","code":"stop-button","note":"while STOP is still pressed: acknowledged, not reset"},
              {"at":"00:00:50","do":"stop-button","pressed":false},
              {"at":"00:01:10","do":"ack","code":"all","note":"covers the acknowledged alarm: its condition has ended, so it is reset"}]}
            """);

        var stop = Lines(output).Where(l => l["type"]!.GetValue<string>() == "alarm" && l["code"]!.GetValue<string>() == "stop-button").ToList();
        Assert.Equal(["raised", "acknowledged", "cleared"], stop.Select(a => a["state"]!.GetValue<string>()));
        Assert.Equal("2026-01-05T13:00:45.000Z", stop[1]["at"]!.GetValue<string>());
        Assert.Equal("2026-01-05T13:01:10.000Z", stop[2]["at"]!.GetValue<string>());
        Assert.EndsWith("Condition ended: acknowledge to reset.", stop[2]["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunScenario_OutAndJournal_WritesTheLinesThereAndKeepsTheJournal()
    {
        using var folder = new TempFolder("paxman-scenario-cli");
        var file = folder.File("s.json");
        File.WriteAllText(file, OpenAndAbort.Replace("%SEED%", "1", StringComparison.Ordinal));
        var journal = Path.Combine(folder.Path, "journal");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ScenarioCommand.Run([file, "--out", folder.File("s.jsonl"), "--journal", journal], stdout, stderr, LoggerFactory);

        Assert.Equal(0, exit);
        Assert.Empty(stdout.ToString());
        Assert.Matches(@"^run-scenario: 180 device s in [0-9.]+ s \([0-9]+ device s per wall s\): 1 records, 0 alarm changes, 0 refused\n$", stderr.ToString());
        var lines = File.ReadAllLines(folder.File("s.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"type\":\"summary\",\"records\":1,\"alarms\":0,\"refused\":0,\"deviceSeconds\":180,\"wallSeconds\":", lines[1], StringComparison.Ordinal);
        Assert.True(JournalVerifier.Verify(journal, RecordChain.ComputeHash).Intact);
    }

    private static List<JsonObject> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static List<JsonObject> Records(string output) =>
        Lines(output).Where(l => l["type"]!.GetValue<string>() == "record").Select(l => l["record"]!.AsObject()).ToList();
}
