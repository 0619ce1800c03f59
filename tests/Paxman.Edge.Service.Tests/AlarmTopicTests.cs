using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary><c>paxman/v1/{unitId}/alarms</c> seen with the real mosquitto_sub, as a monitoring system would.</summary>
public sealed class AlarmTopicTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task InjectedFault_AlarmRaisedAcknowledgedAndClearedArePublished()
    {
        await using var service = ServiceProcess.Start(["--Unit:Id=PX-TEST-0201", "--Simulator:TimeScale=50"]);
        await service.WaitUntilBrokerConnectedAsync();
        const string topic = "paxman/v1/PX-TEST-0201/alarms";
        await using var sub = await MosquittoClients.SubscribeAsync(service.MqttPort, topic);
        await Eventually.TrueAsync(async () => (await Status(service)).GetProperty("mcuLinked").ValueKind == JsonValueKind.True, Wait, "linked");

        await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "low-coolant", active = true }, TestContext.Current.CancellationToken);
        var raised = Payload(await sub.WaitForLineAsync(l => l.StartsWith(topic, StringComparison.Ordinal) && l.Contains("reservoir-low", StringComparison.Ordinal), Wait), topic);
        Assert.Equal("raised", raised.GetProperty("state").GetString());
        Assert.Equal("medium", raised.GetProperty("priority").GetString());
        Assert.False(raised.GetProperty("historical").GetBoolean());
        Assert.Equal(JsonValueKind.Null, raised.GetProperty("channel").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", raised.GetProperty("at").GetString());
        var id = raised.GetProperty("alarmId").GetString();

        var ack = await service.Http.PostAsync($"/api/alarms/{id}/ack", null, TestContext.Current.CancellationToken);
        Assert.True(ack.IsSuccessStatusCode);
        var acknowledged = Payload(await sub.WaitForLineAsync(l => l.Contains(id!, StringComparison.Ordinal) && l.Contains("\"acknowledged\"", StringComparison.Ordinal), Wait), topic);
        Assert.Equal("reservoir-low", acknowledged.GetProperty("code").GetString());

        await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "low-coolant", active = false }, TestContext.Current.CancellationToken);
        var cleared = Payload(await sub.WaitForLineAsync(l => l.Contains(id!, StringComparison.Ordinal) && l.Contains("\"cleared\"", StringComparison.Ordinal), Wait), topic);
        Assert.Equal(id, cleared.GetProperty("alarmId").GetString());
        await service.StopAsync();
    }

    private static async Task<JsonElement> Status(ServiceProcess service) =>
        await service.Http.GetFromJsonAsync<JsonElement>("/api/status", TestContext.Current.CancellationToken);

    private static JsonElement Payload(string line, string topic)
    {
        Assert.StartsWith(topic + " ", line, StringComparison.Ordinal);
        return JsonDocument.Parse(line[(topic.Length + 1)..]).RootElement;
    }
}
