using System.Text.Json.Nodes;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>
/// <c>broker-down</c> and <c>broker-up</c> act on the capture transport: the journal's outboxes keep what is finished while
/// it is down, and it comes out after <c>broker-up</c>, in order, exactly as it would have gone.
/// </summary>
public sealed class BrokerDownTests : ScenarioTest
{
    private const string Sessions = """
        {"seed":5,"runUntil":"00:08:00","steps":[
          {"at":"00:00:00","do":"power-on"},
          %DOWN%
          {"at":"00:01:00","do":"new-session","channel":"A","patientRef":"P-1","operatorId":"N-1","regimen":"docetaxel"},
          {"at":"00:01:30","do":"abort","channel":"A","operatorId":"N-1","reason":"patient-request"},
          {"at":"00:02:00","do":"new-session","channel":"B","patientRef":"P-2","operatorId":"N-1","regimen":"docetaxel"},
          {"at":"00:02:30","do":"abort","channel":"B","operatorId":"N-1","reason":"infusion-cancelled"},
          {"at":"00:03:00","do":"new-session","channel":"A","patientRef":"P-3","operatorId":"N-1","regimen":"default"},
          {"at":"00:03:30","do":"abort","channel":"A","operatorId":"N-1","reason":"other"},
          %UP%
          {"at":"00:06:00","do":"new-session","channel":"B","patientRef":"P-4","operatorId":"N-1","regimen":"default"},
          {"at":"00:06:30","do":"abort","channel":"B","operatorId":"N-1","reason":"other"}]}
        """;

    private const string Down = """{"at":"00:00:30","do":"broker-down"},""";
    private const string Up = """{"at":"00:05:00","do":"broker-up"},""";

    [Fact]
    public void RecordsFinishedWhileDown_ComeOutAfterBrokerUp_InOrderAndUnchanged()
    {
        var always = Lines(Run(Scenario(Down: "", Up: "")));
        var interrupted = Lines(Run(Scenario(Down, Up)));

        var expected = always.Where(IsRecord).ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, interrupted.Where(IsRecord));

        // The three finished while down appear together after broker-up: nothing else sits between them.
        var first = Array.FindIndex(interrupted, IsRecord);
        Assert.All(interrupted.Skip(first).Take(3), line => Assert.True(IsRecord(line)));
        var endedAt = interrupted.Where(IsRecord).Select(l => JsonNode.Parse(l)!["record"]!["endedAt"]!.GetValue<string>()).ToList();
        Assert.Equal(endedAt.Order(StringComparer.Ordinal), endedAt);
    }

    [Fact]
    public void BrokerNeverBack_NoRecordIsPublished_ButTheJournalKeepsThemAll()
    {
        using var journal = new TestKit.TempFolder("paxman-scenario-down");
        var lines = Lines(Run(Scenario(Down, Up: ""), journal.Path));

        Assert.DoesNotContain(lines, IsRecord);
        using var reopened = Storage.SqliteJournal.Open(journal.Path, TimeProvider.System, LoggerFor<Storage.SqliteJournal>());
        Assert.Equal(4, reopened.PendingRecordBacklog().Count);
        Assert.Equal(4, reopened.PendingRecords(10).Count);
    }

    private static string Scenario(string Down, string Up) =>
        Sessions.Replace("%DOWN%", Down, StringComparison.Ordinal).Replace("%UP%", Up, StringComparison.Ordinal);

    private static bool IsRecord(string line) => line.StartsWith("{\"type\":\"record\"", StringComparison.Ordinal);

    private static string[] Lines(string output) => Normalised(output);
}
