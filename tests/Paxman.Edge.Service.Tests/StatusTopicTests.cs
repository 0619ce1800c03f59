using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The retained <c>paxman/v1/{unitId}/status</c> seen with the real Mosquitto clients.</summary>
public sealed class StatusTopicTests
{
    [Fact]
    public async Task EmbeddedBroker_MosquittoSub_SeesOnlineThenOfflineAtShutdown()
    {
        await using var service = ServiceProcess.Start(["--Unit:Id=PX-TEST-0101"]);
        await service.WaitUntilBrokerConnectedAsync();
        const string topic = "paxman/v1/PX-TEST-0101/status";

        await using var sub = await MosquittoClients.SubscribeAsync(service.MqttPort, topic);
        var online = await sub.WaitForLineAsync(l => l.StartsWith(topic, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.True(Payload(online, topic).GetProperty("online").GetBoolean());

        Assert.Equal(0, await service.StopAsync());

        // The offline status reaches the subscriber before the embedded broker goes down.
        var offline = await sub.WaitForLineAsync(l => l.StartsWith(topic, StringComparison.Ordinal) && l.Contains("\"online\":false", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var payload = Payload(offline, topic);
        Assert.Equal("PX-TEST-0101", payload.GetProperty("unitId").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", payload.GetProperty("startedAt").GetString());
    }

    [Fact]
    public async Task ExternalBroker_CleanStop_LeavesRetainedOffline()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var service = ServiceProcess.Start(["--Mqtt:Broker=127.0.0.1", "--Unit:Id=PX-TEST-0102"], mqttPort: broker.Port);
        await service.WaitUntilBrokerConnectedAsync();
        const string topic = "paxman/v1/PX-TEST-0102/status";
        Assert.True(Payload(await MosquittoClients.ReadRetainedAsync(broker.Port, topic, TimeSpan.FromSeconds(10)), topic).GetProperty("online").GetBoolean());

        Assert.Equal(0, await service.StopAsync());

        Assert.False(Payload(await MosquittoClients.ReadRetainedAsync(broker.Port, topic, TimeSpan.FromSeconds(10)), topic).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task ExternalBroker_ServiceKilled_WillLeavesRetainedOffline()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var service = ServiceProcess.Start(["--Mqtt:Broker=127.0.0.1", "--Unit:Id=PX-TEST-0103"], mqttPort: broker.Port);
        await service.WaitUntilBrokerConnectedAsync();
        const string topic = "paxman/v1/PX-TEST-0103/status";

        // A crash: no chance to say goodbye, so only the Will can tell the world.
        service.Process.KillHard();
        await service.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(
            () => broker.Log.Contains("PX-TEST-0103", StringComparison.Ordinal) && broker.Log.Contains("closed its connection", StringComparison.Ordinal)
                  || broker.Log.Contains("disconnected", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the broker noticing the lost connection");
        var status = Payload(await MosquittoClients.ReadRetainedAsync(broker.Port, topic, TimeSpan.FromSeconds(10)), topic);
        Assert.False(status.GetProperty("online").GetBoolean());
        Assert.Equal("PX-TEST-0103", status.GetProperty("unitId").GetString());
    }

    private static JsonElement Payload(string line, string topic)
    {
        Assert.StartsWith(topic + " ", line, StringComparison.Ordinal);
        return JsonDocument.Parse(line[(topic.Length + 1)..]).RootElement;
    }
}
