using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Diagnostics;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Engine.Tests.Journal;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Diagnostics;

/// <summary>The diagnostics that read the journal (alarm history, session summaries) and republish its records through a real Mosquitto.</summary>
public sealed class JournaledDiagnosticsTests : TestEnvironment
{
    private const string PatientRef = "MRN-DIAG-4417";
    private static readonly NewSessionRequest Session = new() { PatientRef = PatientRef, OperatorId = "N-7", Regimen = "docetaxel" };

    [Fact]
    public void Alarm_history_and_session_summaries_come_from_the_journal_and_never_carry_the_patient_reference()
    {
        using var folder = new TempFolder();
        using var rig = JournaledRig.Open(folder.Path, LoggerFactory, out var journal);
        using var _ = journal;
        var diagnostics = new EngineDiagnostics(new DiagnosticsSources { Engine = rig.Engine, Journal = journal });
        rig.Run(TimeSpan.FromSeconds(70));
        var since = rig.Engine.Time.GetUtcNow();

        // One session aborted on A (a final record), one open on B (running), and an MCU trip between them.
        Assert.Null(Post(rig, () => rig.Engine.OpenSession(CapChannel.A, Session).Refusal));
        Assert.Null(Post(rig, () => rig.Engine.Act(CapChannel.A, SessionAction.Abort, "N-7", "patient-request")));
        rig.Unit.Plant.ForcedSupplyC = -12;
        rig.Run(TimeSpan.FromSeconds(2));
        rig.Unit.Plant.ForcedSupplyC = null;
        Assert.Null(Post(rig, () => rig.Engine.OpenSession(CapChannel.B, Session with { PatientRef = PatientRef + "-B" }).Refusal));
        rig.Run(TimeSpan.FromSeconds(1));
        journal.Flush();

        var sessions = diagnostics.Ask(rig, $"{{\"command\":\"sessions-since\",\"since\":\"{UtcStamp.ToText(since)}\"}}");
        var list = sessions.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.True(list[0].GetProperty("running").GetBoolean());
        Assert.Equal("B", list[0].GetProperty("channel").GetString());
        Assert.Equal("aborted", list[1].GetProperty("outcome").GetString());
        Assert.Equal("patient-request", list[1].GetProperty("abortReason").GetString());
        Assert.Equal(64, list[1].GetProperty("hash").GetString()!.Length);
        Assert.DoesNotContain("MRN-DIAG", sessions.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("patientRef", sessions.ToString(), StringComparison.OrdinalIgnoreCase);

        var later = diagnostics.Ask(rig, $"{{\"command\":\"sessions-since\",\"since\":\"{UtcStamp.ToText(rig.Engine.Time.GetUtcNow().AddMinutes(1))}\"}}");
        Assert.Single(later.GetProperty("sessions").EnumerateArray());

        var alarms = diagnostics.Ask(rig, "{\"command\":\"alarm-history\",\"limit\":50}");
        var codes = alarms.GetProperty("alarms").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        Assert.Contains("mcu-over-cooling", codes);
        Assert.Equal("raised", alarms.GetProperty("alarms").EnumerateArray().Last(a => a.GetProperty("code").GetString() == "mcu-over-cooling").GetProperty("state").GetString());
        var none = diagnostics.Ask(rig, $"{{\"command\":\"alarm-history\",\"since\":\"{UtcStamp.ToText(rig.Engine.Time.GetUtcNow().AddHours(1))}\"}}");
        Assert.Empty(none.GetProperty("alarms").EnumerateArray());

        foreach (var bad in new[] { "{\"command\":\"sessions-since\"}", "{\"command\":\"sessions-since\",\"since\":\"yesterday\"}",
                     "{\"command\":\"sessions-since\",\"since\":\"2026-01-05T13:00:00+01:00\"}", "{\"command\":\"alarm-history\",\"limit\":0}" })
        {
            Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(rig, bad).Code());
        }
    }

    [Fact]
    public async Task Republish_since_sends_the_stored_records_again_byte_for_byte_through_a_real_broker()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var folder = new TempFolder();
        using var rig = JournaledRig.Open(folder.Path, LoggerFactory, out var journal);
        using var _ = journal;
        rig.Run(TimeSpan.FromSeconds(70));
        var since = rig.Engine.Time.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(Post(rig, () => rig.Engine.OpenSession(CapChannel.A, Session).Refusal));
            Assert.Null(Post(rig, () => rig.Engine.Act(CapChannel.A, SessionAction.Abort, "N-7", "other")));
        }

        journal.Flush();
        var stored = journal.ListRecords(since, 10).Reverse().ToList();
        Assert.Equal(3, stored.Count);

        using var connection = new MqttConnection(Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = broker.Port }),
            new UnitIdentity("PX-SIM-0001", "9.9.9", Simulated: true, SimulatedRig.DefaultEpoch), TimeProvider.System, LoggerFor<MqttConnection>());
        await connection.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => connection.IsConnected, TimeSpan.FromSeconds(15), "connected");
        var diagnostics = new EngineDiagnostics(new DiagnosticsSources
        {
            Engine = rig.Engine, Journal = journal, Transport = new MqttTransport(connection), Topics = connection.Topics, Logger = LoggerFor<EngineDiagnostics>(),
        });
        var request = $"{{\"command\":\"republish-since\",\"since\":\"{UtcStamp.ToText(since)}\"}}";

        // No consumer yet: the broker answers NoMatchingSubscribers, which the answer reports.
        var unheard = diagnostics.Ask(rig, request);
        Assert.Equal(0, unheard.GetProperty("republished").GetInt32());
        Assert.Equal(3, unheard.GetProperty("notAcknowledged").GetArrayLength());

        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        using var consumer = new MqttClientFactory().CreateMqttClient();
        consumer.ApplicationMessageReceivedAsync += args =>
        {
            received.Enqueue((args.ApplicationMessage.Topic, Encoding.UTF8.GetString(args.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await consumer.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("billing")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), TestContext.Current.CancellationToken);
        await consumer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(connection.Topics.Sessions, MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);

        var answer = diagnostics.Ask(rig, request);

        Assert.True(answer.Ok(), answer.ToString());
        Assert.Equal(3, answer.GetProperty("republished").GetInt32());
        Assert.Equal(stored.Select(r => r.SessionId), answer.GetProperty("sessionIds").EnumerateArray().Select(e => e.GetString()));
        await Eventually.TrueAsync(() => received.Count == 3, TimeSpan.FromSeconds(15), "three records");
        Assert.Equal(stored.Select(r => ($"paxman/v1/PX-SIM-0001/sessions/{r.SessionId}", r.Json)), received);
        Assert.Contains(Logs.Entries, e => e.Message.StartsWith("Diagnostics republished 3 records ended since", StringComparison.Ordinal));
        await consumer.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        await connection.StopAsync(CancellationToken.None);
    }

    private static T Post<T>(SimulatedRig rig, Func<T> action)
    {
        var posted = rig.Engine.PostAsync(action);
        rig.Tick();
        Assert.True(posted.Wait(TimeSpan.FromSeconds(10)));
        return posted.Result;
    }
}
