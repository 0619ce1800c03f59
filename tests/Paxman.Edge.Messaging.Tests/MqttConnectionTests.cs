using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Messaging;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests;

public sealed class MqttConnectionTests : TestEnvironment
{
    private const string UnitId = "PX-MQTT-0001";
    private const string StatusTopic = $"paxman/v1/{UnitId}/status";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StartAsync_ReachableBroker_PublishesRetainedOnlineStatus()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var connection = NewConnection(broker.Port);

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected");

        var status = ParseStatus(await MosquittoClients.ReadRetainedAsync(broker.Port, StatusTopic, Wait));
        Assert.True(status.GetProperty("online").GetBoolean());
        Assert.Equal(UnitId, status.GetProperty("unitId").GetString());
        Assert.Equal("9.9.9", status.GetProperty("version").GetString());
        Assert.Equal("2026-01-05T13:00:00.000Z", status.GetProperty("startedAt").GetString());

        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StopAsync_Connected_LeavesRetainedOfflineStatus()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var connection = NewConnection(broker.Port);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected");

        await connection.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(connection.IsConnected);
        var status = ParseStatus(await MosquittoClients.ReadRetainedAsync(broker.Port, StatusTopic, Wait));
        Assert.False(status.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Connection_BrokerRestarts_ReconnectsAndRepublishesOnline()
    {
        var broker = await MosquittoBroker.StartAsync();
        var port = broker.Port;
        using var connection = NewConnection(port);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected");

        await broker.DisposeAsync();
        await Eventually.TrueAsync(() => !connection.IsConnected, Wait, "disconnect noticed");

        // A fresh broker without persistence knows no retained status: only a reconnect can bring it back.
        await using var restarted = await MosquittoBroker.StartAsync(port: port);
        await Eventually.TrueAsync(() => connection.IsConnected, TimeSpan.FromSeconds(40), "reconnected");
        var status = ParseStatus(await MosquittoClients.ReadRetainedAsync(port, StatusTopic, Wait));
        Assert.True(status.GetProperty("online").GetBoolean());

        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Connection_BrokerRefusesCredentials_StaysDisconnectedAndWarns()
    {
        await using var broker = await MosquittoBroker.StartAsync(["allow_anonymous false"]);
        using var connection = NewConnection(broker.Port);

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(
            () => Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("refused", StringComparison.Ordinal)),
            Wait, "a warning about the refused connection");

        Assert.False(connection.IsConnected);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Connect_UsesTheStableClientIdWithoutCleanStartAndWithTheKeepAlive()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var connection = NewConnection(broker.Port);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected");

        Assert.Equal($"paxman-{UnitId}", connection.ClientId);
        // Mosquitto logs each CONNECT as "(p<protocol>, c<clean start>, k<keep-alive>)": MQTT 5, no clean start, 15 s.
        await Eventually.TrueAsync(() => broker.Log.Contains($"as paxman-{UnitId} (p5, c0, k15)", StringComparison.Ordinal), Wait, "the CONNECT in the broker's log");
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Connect_BrokerKeepsTheSession_SubscriptionsAndQueuedRequestsSurviveAReconnect()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using (var first = NewConnection(broker.Port))
        {
            first.Subscribe($"paxman/v1/{UnitId}/diag/request");
            await first.StartAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => first.IsConnected, Wait, "connected");
            await first.StopAsync(TestContext.Current.CancellationToken);
        }

        // While the unit is away a technician's QoS 1 request waits in its session at the broker.
        using (var technician = new MQTTnet.MqttClientFactory().CreateMqttClient())
        {
            await technician.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("technician")
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), TestContext.Current.CancellationToken);
            var result = await technician.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder().WithTopic($"paxman/v1/{UnitId}/diag/request")
                .WithPayload("{\"command\":\"status\"}").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                TestContext.Current.CancellationToken);
            Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, result.ReasonCode);
            await technician.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptionsBuilder().Build(), TestContext.Current.CancellationToken);
        }

        using var second = NewConnection(broker.Port);
        var received = new List<string>();
        second.MessageReceived += m =>
        {
            lock (received)
            {
                received.Add(m.Topic);
            }
        };
        await second.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => { lock (received) { return received.Count == 1; } }, Wait, "the queued request delivered from the kept session");
        await second.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void ReconnectPipeline_IsPollysExponentialRetryWithJitterCappedAt30Seconds()
    {
        using var connection = NewConnection(1);
        var descriptor = Polly.Testing.ResiliencePipelineExtensions.GetPipelineDescriptor(connection.ReconnectPipeline);
        var retry = Assert.IsType<Polly.Retry.RetryStrategyOptions<bool>>(Assert.Single(descriptor.Strategies).Options);
        Assert.Equal(Polly.DelayBackoffType.Exponential, retry.BackoffType);
        Assert.True(retry.UseJitter);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(30), retry.MaxDelay);
        Assert.Equal(int.MaxValue, retry.MaxRetryAttempts);
    }

    [Fact]
    public async Task Reconnect_BrokerAway_TriesAgainWithinEvery30SecondsOfItsClock()
    {
        var time = new TimerCountingTime();
        using var connection = NewConnection(FreePort.Next(), time);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => connection.ConnectAttempts == 1, Wait, "the first attempt");

        // Each 30 s of the connection's clock brings exactly the next attempt, however far the backoff has grown. The
        // clock moves only once the backoff's delay is waiting on it.
        for (var attempt = 2; attempt <= 10; attempt++)
        {
            var expected = attempt;
            await Eventually.TrueAsync(() => time.Timers >= expected - 1, Wait, $"backoff {expected - 1} waiting");
            time.Advance(TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(() => connection.ConnectAttempts == expected, Wait, $"attempt {expected} within 30 s");
        }

        Assert.False(connection.IsConnected);
        await connection.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A fake clock that counts the timers made on it (each backoff delay is one).</summary>
    private sealed class TimerCountingTime() : Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero))
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Counted once it is on the clock, so that an Advance after the count always reaches it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
    }

    private MqttConnection NewConnection(int port, TimeProvider? time = null) => new(
        Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = port }),
        new UnitIdentity(UnitId, "9.9.9", Simulated: true, new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero)),
        time ?? TimeProvider.System,
        LoggerFor<MqttConnection>());

    private static JsonElement ParseStatus(string line)
    {
        Assert.StartsWith(StatusTopic + " ", line, StringComparison.Ordinal);
        return JsonDocument.Parse(line[(StatusTopic.Length + 1)..]).RootElement;
    }
}
