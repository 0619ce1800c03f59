using System.Text;
using System.Text.Json;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Publishing;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>
/// The nurse station's notices journaled in the tick that knows the moment, and the live messages (telemetry once a
/// second of device time, each channel's retained state on every change and once a minute), over the whole simulated
/// unit and a real journal.
/// </summary>
public sealed class NoticeAndLiveMessageTests : TestEnvironment
{
    private static readonly NewSessionRequest Docetaxel = JournaledRig.Docetaxel;

    [Fact]
    public void Session_ToCompletion_JournalsPrecoolCompleteThenPostcoolCompleteOnceEachWithoutThePatient()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        rig.Run(TimeSpan.FromMinutes(21));
        journal.Flush();

        var sessionId = rig.Engine.Sessions[CapChannel.A].Session!.SessionId;
        var notices = journal.PendingNotices(100);
        Assert.Equal(["precool-complete", "postcool-complete"], notices.Select(n => n.Notice));
        Assert.All(notices, n => Assert.Equal(("A", sessionId), (n.Channel, n.SessionId)));
        var completed = Assert.Single(journal.SessionTrail(sessionId), r => r.Kind == "completed");
        Assert.Equal(completed.At, notices[1].At);
        var precool = Assert.Single(journal.SessionTrail(sessionId), r => r.Kind == "precool-complete");
        Assert.Equal(precool.At, notices[0].At);
    }

    [Fact]
    public void Restart_WithoutResume_JournalsAwaitingResumeThenSessionAborted()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        journal.Flush();
        rig.StopHost();
        journal.Dispose();
        rig.Run(TimeSpan.FromSeconds(200));
        using var reopened = SqliteJournal.Open(data.Path, rig.Clock, LoggerFor<SqliteJournal>());
        rig.StartHost(reopened);
        rig.Run(TimeSpan.FromMinutes(11));
        reopened.Flush();

        Assert.Equal(["precool-complete", "awaiting-resume", "session-aborted"], reopened.PendingNotices(100).Select(n => n.Notice));
        Assert.Equal("aborted", RecordOutcome(reopened));
    }

    [Fact]
    public async Task Abort_ByTheNurse_JournalsSessionAbortedInTheSameTick()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        var abort = rig.Engine.PostAsync(() => rig.Engine.Act(CapChannel.A, SessionAction.Abort, "N-7", AbortReasons.PatientUnwell));
        rig.Tick();
        await abort.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Acknowledged once durable: the notice is already there.
        Assert.Equal("session-aborted", journal.PendingNotices(100)[^1].Notice);
    }

    [Fact]
    public void LiveMessages_TelemetryEverySecondAndChannelsOnChangeAndEachMinute()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out _);
        var live = new LiveMessages(new MqttTopics("PX-SIM-0001"));
        var sent = new List<(TimeSpan Uptime, TransportMessage Message)>();
        rig.Engine.TickCompleted += produced => live.OnTick(rig.Engine, produced, m => sent.Add((produced.Uptime, m)));
        StartPostcool(rig);
        rig.Run(TimeSpan.FromMinutes(3));

        var telemetry = sent.Where(s => s.Message.Topic == "paxman/v1/PX-SIM-0001/telemetry").ToList();
        var deviceSeconds = rig.Engine.Produced.Uptime.TotalSeconds;
        Assert.InRange(telemetry.Count, (int)deviceSeconds - 1, (int)deviceSeconds + 1);
        Assert.All(telemetry, t => Assert.Equal((0, false), (t.Message.QualityOfService, t.Message.Retain)));
        var last = Json(telemetry[^1].Message);
        Assert.Equal(-4, last.GetProperty("coolant").GetProperty("setpointC").GetDouble());
        Assert.True(last.GetProperty("coolant").GetProperty("supplyC").GetDouble() < 0);
        Assert.True(last.GetProperty("compressorPercent").ValueKind == JsonValueKind.Number);
        var a = last.GetProperty("channels")[0];
        Assert.Equal(("A", "postcool", true), (a.GetProperty("channel").GetString(), a.GetProperty("state").GetString(), a.GetProperty("capConnected").GetBoolean()));
        Assert.True(a.GetProperty("flowLpm").GetDouble() > 0.5);

        var channelA = sent.Where(s => s.Message.Topic == "paxman/v1/PX-SIM-0001/channels/A").ToList();
        Assert.All(channelA, c => Assert.Equal((1, true), (c.Message.QualityOfService, c.Message.Retain)));
        var states = channelA.Select(c => Json(c.Message).GetProperty("state").GetString()).Distinct().ToList();
        Assert.Equal(["idle", "prepared", "precool", "infusion", "postcool"], states);

        // Between changes, once a minute of device time and no more.
        var postcool = channelA.Where(c => Json(c.Message).GetProperty("state").GetString() == "postcool").ToList();
        Assert.Equal(4, postcool.Count);
        Assert.All(postcool.Zip(postcool.Skip(1)), p => Assert.Equal(TimeSpan.FromMinutes(1), p.Second.Uptime - p.First.Uptime));

        var newest = Json(postcool[^1].Message);
        var at = DateTimeOffset.Parse(newest.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var remaining = newest.GetProperty("remainingSeconds").GetInt64();
        Assert.InRange(remaining, 1200 - 180 - 1, 1200 - 180 + 1);
        Assert.Equal(at.AddSeconds(remaining), DateTimeOffset.Parse(newest.GetProperty("expectedFreeAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rig.Engine.Sessions[CapChannel.A].Session!.SessionId, newest.GetProperty("sessionId").GetString());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("interrupted").ValueKind);
        var infusion = channelA.Select(c => Json(c.Message)).First(j => j.GetProperty("state").GetString() == "infusion");
        Assert.Equal(JsonValueKind.Null, infusion.GetProperty("expectedFreeAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, infusion.GetProperty("remainingSeconds").ValueKind);
        var idle = Json(channelA[0].Message);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (idle.GetProperty("phase").ValueKind, idle.GetProperty("sessionId").ValueKind, idle.GetProperty("expectedFreeAt").ValueKind));
        Assert.DoesNotContain(sent, s => Encoding.UTF8.GetString(s.Message.Payload.Span).Contains("P-1", StringComparison.Ordinal));
    }

    private static JsonElement Json(TransportMessage message) => JsonDocument.Parse(message.Payload).RootElement;

    private static string? RecordOutcome(SqliteJournal journal) =>
        JsonDocument.Parse(Assert.Single(journal.ListRecords(null, 10)).Json).RootElement.GetProperty("outcome").GetString();

    private SimulatedRig Rig(string folder, out SqliteJournal journal) => JournaledRig.Open(folder, LoggerFactory, out journal);

    private static void StartPostcool(SimulatedRig rig) => JournaledRig.StartPostcool(rig);

    private static SessionRefusal? Act(SimulatedRig rig, SessionAction action) => JournaledRig.Act(rig, action);
}
