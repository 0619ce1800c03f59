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

    private MqttConnection NewConnection(int port) => new(
        Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = port }),
        new UnitIdentity(UnitId, "9.9.9", Simulated: true, new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero)),
        TimeProvider.System,
        LoggerFor<MqttConnection>());

    private static JsonElement ParseStatus(string line)
    {
        Assert.StartsWith(StatusTopic + " ", line, StringComparison.Ordinal);
        return JsonDocument.Parse(line[(StatusTopic.Length + 1)..]).RootElement;
    }
}
