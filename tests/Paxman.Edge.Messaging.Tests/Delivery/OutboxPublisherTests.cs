using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Messaging.Delivery;
using Paxman.Edge.Messaging.Tests.Support;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests.Delivery;

/// <summary>The records, alarms and notices outboxes drained by their loops to a real Mosquitto, over a real journal on disk.</summary>
public sealed class OutboxPublisherTests : TestEnvironment
{
    private const string UnitId = "PX-OUT-0001";
    private const string Root = $"paxman/v1/{UnitId}";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Records_Subscribed_GoOutInOrderByteForByteAndAreMarkedDelivered()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var consumer = await Consumer.ConnectAsync(broker.Port, "billing", $"{Root}/sessions/+");
        using var unit = Unit.Start(broker.Port, this);
        var written = unit.AppendRecords(5);

        await Eventually.TrueAsync(() => consumer.On($"{Root}/sessions/").Count() == 5, Wait, "five records received");
        var received = consumer.On($"{Root}/sessions/").ToList();
        Assert.Equal(written.Select(r => $"{Root}/sessions/{r.SessionId}"), received.Select(m => m.Topic));
        Assert.Equal(written.Select(r => r.Json), received.Select(m => m.Payload));
        Assert.All(received, m => Assert.False(m.Retained));
        await Eventually.TrueAsync(() => unit.Journal.PendingRecords(10).Count == 0, Wait, "all marked delivered");
        Assert.All(written, r => Assert.True(unit.Journal.FindRecord(r.SessionId)!.Delivered));
        await Eventually.TrueAsync(() => unit.Connection.Backlog == 0 && unit.Connection.OldestUndeliveredAt is null, Wait, "backlog empty");
        await unit.StopAsync();
    }

    [Fact]
    public async Task Records_NoMatchingSubscribers_StayQueuedUntilASubscriberExists()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var unit = Unit.Start(broker.Port, this);
        var written = unit.AppendRecords(3);

        // No billing consumer: Mosquitto answers NoMatchingSubscribers, which IsSuccess also calls success.
        await Eventually.TrueAsync(() => unit.Records.Outbox.Held >= 2, Wait, "the head held and retried at least once");
        Assert.Equal(3, unit.Journal.PendingRecords(10).Count);
        Assert.Equal(0, unit.Records.Outbox.Delivered);
        Assert.Equal(3, unit.Connection.Backlog);
        Assert.Equal(written[0].EndedAt, unit.Connection.OldestUndeliveredAt);

        await using var consumer = await Consumer.ConnectAsync(broker.Port, "billing", $"{Root}/sessions/+");
        await Eventually.TrueAsync(() => consumer.On($"{Root}/sessions/").Count() == 3, TimeSpan.FromSeconds(45), "records once a consumer subscribes");
        Assert.Equal(written.Select(r => r.Json), consumer.On($"{Root}/sessions/").Select(m => m.Payload));
        await Eventually.TrueAsync(() => unit.Journal.PendingRecords(10).Count == 0 && unit.Connection.Backlog == 0, Wait, "delivered");
        await unit.StopAsync();
    }

    [Fact]
    public async Task Alarm_GetsThrough_WhileABigRecordBacklogIsHeldOnNoMatchingSubscribers()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var monitor = await Consumer.ConnectAsync(broker.Port, "monitor", $"{Root}/alarms", $"{Root}/notices");
        using var unit = Unit.Start(broker.Port, this);
        unit.AppendRecords(2000, padding: 200);
        await Eventually.TrueAsync(() => unit.Records.Outbox.Held >= 1, Wait, "the records head held");

        var seq = unit.Journal.Append(new AlarmWrite("a-1", "flow-loss", "medium", "raised", "A", T0, "No coolant flow through cap A.", Historical: false));
        unit.Journal.Append(new NoticeWrite("precool-complete", "B", "s-b", T0));
        unit.Alarms.Notify(seq);
        unit.Notices.Notify(seq + 1);

        await Eventually.TrueAsync(() => monitor.On($"{Root}/alarms").Any() && monitor.On($"{Root}/notices").Any(), Wait, "the alarm and the notice arrive");
        var alarm = JsonDocument.Parse(monitor.On($"{Root}/alarms").Single().Payload).RootElement;
        Assert.Equal("flow-loss", alarm.GetProperty("code").GetString());
        var notice = JsonDocument.Parse(monitor.On($"{Root}/notices").Single().Payload).RootElement;
        Assert.Equal("precool-complete", notice.GetProperty("notice").GetString());
        Assert.Equal("s-b", notice.GetProperty("sessionId").GetString());
        Assert.Equal("B", notice.GetProperty("channel").GetString());
        Assert.False(notice.TryGetProperty("patientRef", out _));

        // The records never moved: still all queued.
        Assert.Equal(2000, unit.Journal.PendingRecordBacklog().Count);
        Assert.Equal(0, unit.Records.Outbox.Delivered);
        await Eventually.TrueAsync(() => unit.Journal.PendingAlarms(10).Count == 0 && unit.Journal.PendingNotices(10).Count == 0, Wait, "alarm and notice marked");
        await unit.StopAsync();
    }

    [Fact]
    public async Task Records_BacklogSurvivesARestartOfTheUnit()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var folder = new TempFolder("paxman-outbox");
        RecordWrite[] written;
        using (var first = Unit.Start(broker.Port, this, folder.Path))
        {
            written = first.AppendRecords(4);
            await Eventually.TrueAsync(() => first.Records.Outbox.Held >= 1, Wait, "held without a consumer");
            await first.StopAsync();
        }

        await using var consumer = await Consumer.ConnectAsync(broker.Port, "billing", $"{Root}/sessions/+");
        using var second = Unit.Start(broker.Port, this, folder.Path);
        Assert.Equal(4, second.Connection.Backlog);
        await Eventually.TrueAsync(() => consumer.On($"{Root}/sessions/").Count() == 4, Wait, "delivered after the restart");
        Assert.Equal(written.Select(r => r.SessionId), consumer.On($"{Root}/sessions/").Select(m => m.Topic[(Root.Length + "/sessions/".Length)..]));
        await second.StopAsync();
    }

    [Fact]
    public async Task Record_ConnectionDroppedBetweenPublishAndPuback_IsSentAgainAndDedupeHolds()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var billing = await Consumer.ConnectAsync(broker.Port, "billing", $"{Root}/sessions/+");
        await using var proxy = new TcpProxy(broker.Port);
        using var unit = Unit.Start(proxy.Port, this);
        await Eventually.TrueAsync(() => unit.Connection.IsConnected, Wait, "connected through the proxy");

        // The PUBLISH reaches the broker (and the consumer); its PUBACK is lost; then the cable is pulled.
        proxy.HoldReplies = true;
        var record = unit.AppendRecords(1).Single();
        await Eventually.TrueAsync(() => billing.On($"{Root}/sessions/").Count() == 1, Wait, "the first copy at the consumer");
        Assert.Single(unit.Journal.PendingRecords(10));
        proxy.Cut();

        await Eventually.TrueAsync(() => billing.On($"{Root}/sessions/").Count() == 2, Wait, "the record sent again after the reconnect");
        await Eventually.TrueAsync(() => unit.Journal.PendingRecords(10).Count == 0, Wait, "delivered once the second PUBACK came");
        var copies = billing.On($"{Root}/sessions/").ToList();
        Assert.All(copies, c => Assert.Equal(record.Json, c.Payload));
        Assert.Single(copies.Select(c => c.Topic).Distinct());
        TestContext.Current.TestOutputHelper?.WriteLine($"dropped PUBACK: {copies.Count} copies received, 1 after dedupe");
        await unit.StopAsync();
    }

    [Fact]
    public async Task Records_BrokerRestartedMidBacklog_AllDeliveredInOrderAndDedupeHolds()
    {
        var broker = await MosquittoBroker.StartAsync();
        var port = broker.Port;
        var before = await Consumer.ConnectAsync(port, "billing", $"{Root}/sessions/+");
        await using var proxy = new TcpProxy(port);
        using var unit = Unit.Start(proxy.Port, this);
        await Eventually.TrueAsync(() => unit.Connection.IsConnected, Wait, "connected through the proxy");
        proxy.HoldReplies = true;
        var written = unit.AppendRecords(200, padding: 400);
        await Eventually.TrueAsync(() => before.On($"{Root}/sessions/").Any(), Wait, "the head in flight");

        await before.DisposeAsync();
        await broker.DisposeAsync();
        await using var restarted = await MosquittoBroker.StartAsync(port: port);
        proxy.Cut();
        await using var after = await Consumer.ConnectAsync(port, "billing", $"{Root}/sessions/+");

        await Eventually.TrueAsync(() => after.On($"{Root}/sessions/").Select(m => m.Topic).Distinct().Count() == 200, TimeSpan.FromSeconds(60), "every record after the restart");
        var all = before.On($"{Root}/sessions/").Concat(after.On($"{Root}/sessions/")).ToList();
        var unique = all.Select(m => m.Topic).Distinct().ToList();
        Assert.Equal(written.Select(r => unit.Connection.Topics.Session(r.SessionId)), unique);
        Assert.Equal(written.Select(r => unit.Connection.Topics.Session(r.SessionId)), after.On($"{Root}/sessions/").Select(m => m.Topic).Distinct());
        await Eventually.TrueAsync(() => unit.Journal.PendingRecords(10).Count == 0, Wait, "all marked delivered");
        TestContext.Current.TestOutputHelper?.WriteLine($"broker restarted mid-backlog: {all.Count} received, {unique.Count} after dedupe, {all.Count - unique.Count} duplicates");
        await unit.StopAsync();
    }

    /// <summary>A unit's messaging over a journal on disk: the connection and the three outbox loops, started.</summary>
    private sealed class Unit : IDisposable
    {
        private readonly TempFolder? _owned;
        private readonly TestRecords _chain;
        private int _next;

        private Unit(int port, string folder, TempFolder? owned, ILoggerFactory loggers)
        {
            _owned = owned;
            Journal = SqliteJournal.Open(folder, TimeProvider.System, loggers.CreateLogger<SqliteJournal>());
            _chain = new TestRecords(Journal.Contents.ChainHead);
            _next = Journal.PendingRecordBacklog().Count + 1000;
            Connection = new MqttConnection(Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = port }),
                new UnitIdentity(UnitId, "9.9.9", Simulated: true, T0), TimeProvider.System,
                loggers.CreateLogger<MqttConnection>());
            Records = new RecordPublisher(Connection, Journal, TimeProvider.System, loggers.CreateLogger<RecordPublisher>());
            Alarms = new AlarmPublisher(Connection, Journal, TimeProvider.System, loggers.CreateLogger<AlarmPublisher>());
            Notices = new NoticePublisher(Connection, Journal, TimeProvider.System, loggers.CreateLogger<NoticePublisher>());
        }

        public SqliteJournal Journal { get; }

        public MqttConnection Connection { get; }

        public RecordPublisher Records { get; }

        public AlarmPublisher Alarms { get; }

        public NoticePublisher Notices { get; }

        public static Unit Start(int port, OutboxPublisherTests test, string? folder = null)
        {
            var owned = folder is null ? new TempFolder("paxman-outbox") : null;
            var unit = new Unit(port, folder ?? owned!.Path, owned, test.LoggerFactory);
            var token = TestContext.Current.CancellationToken;
            unit.Connection.StartAsync(token).GetAwaiter().GetResult();
            unit.Records.StartAsync(token).GetAwaiter().GetResult();
            unit.Alarms.StartAsync(token).GetAwaiter().GetResult();
            unit.Notices.StartAsync(token).GetAwaiter().GetResult();
            return unit;
        }

        public RecordWrite[] AppendRecords(int count, int padding = 1200)
        {
            var written = new RecordWrite[count];
            long seq = 0;
            for (var i = 0; i < count; i++)
            {
                var id = $"s-{_next++:D6}";
                written[i] = _chain.Next(id, T0.AddMinutes(_next), i % 2 == 0 ? "A" : "B", padding);
                seq = Journal.Append(written[i]);
            }

            Records.Notify(seq);
            return written;
        }

        public async Task StopAsync()
        {
            var token = TestContext.Current.CancellationToken;
            await Notices.StopAsync(token);
            await Alarms.StopAsync(token);
            await Records.StopAsync(token);
            await Connection.StopAsync(token);
        }

        public void Dispose()
        {
            Connection.Dispose();
            Journal.Dispose();
            _owned?.Dispose();
        }
    }
}
