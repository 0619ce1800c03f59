using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The service as a real process in Simulated mode, driven through /api/sim and read through /api/status.</summary>
public sealed class SimulatedUnitApiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TimeScale600_DeviceTimeRunsFast_CoolantChillsAndCapsFollowTheApi()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=600"]);
        await service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("mcuLinked").ValueKind == JsonValueKind.True, Wait, "linked");

        var first = await StatusAsync(service);
        var watch = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => Device(await StatusAsync(service)) - Device(first) >= 600, Wait, "ten device minutes");
        var second = await StatusAsync(service);
        var rate = (Device(second) - Device(first)) / watch.Elapsed.TotalSeconds;

        // At least 300 device seconds per real second (the ratio achieved is a README figure, not this threshold).
        Assert.True(rate >= 300, $"{rate:F0} device seconds per real second");
        Assert.True(Supply(second) < Supply(first) - 3, $"the coolant chills: {Supply(first)} C then {Supply(second)} C");
        Assert.False(second.GetProperty("channels")[0].GetProperty("capConnected").GetBoolean());

        var plugged = await service.Http.PostAsJsonAsync("/api/sim/channels/A/cap", new { connected = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("channels")[0].GetProperty("capConnected").GetBoolean(), Wait,
            "cap A connected");

        // A plugged cap without a session in pre-cool is not cooled: its valve stays closed.
        var idle = (await StatusAsync(service)).GetProperty("channels")[0];
        Assert.Equal("idle", idle.GetProperty("state").GetString());
        Assert.Equal(0, idle.GetProperty("flowLpm").GetDouble());

        await service.Http.PostAsJsonAsync("/api/sim/channels/A/cap", new { connected = false }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => !(await StatusAsync(service)).GetProperty("channels")[0].GetProperty("capConnected").GetBoolean(), Wait, "cap A unplugged");

        var last = await StatusAsync(service);
        Assert.Equal(0, last.GetProperty("engine").GetProperty("lateTicks").GetInt64());
        Assert.True(last.GetProperty("mcuLinked").GetBoolean());
        Assert.DoesNotContain(last.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "mcu-link-lost");
        Assert.DoesNotContain(service.Process.Lines, l => l.Contains("MCU link lost", StringComparison.Ordinal) || l.Contains("cannot keep up", StringComparison.Ordinal));
        await service.StopAsync();
    }

    [Fact]
    public async Task Fault_SensorOpen_RaisesAHighAlarmThatANurseAcknowledgesAndThatClearsAfterTheRepair()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=100"]);
        await service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("mcuLinked").ValueKind == JsonValueKind.True, Wait, "linked");

        var injected = await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "sensor-open", active = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
        JsonElement alarm = default;
        await Eventually.TrueAsync(async () =>
        {
            var alarms = (await StatusAsync(service)).GetProperty("alarms").EnumerateArray().ToList();
            alarm = alarms.FirstOrDefault(a => a.GetProperty("code").GetString() == "supply-sensor-fault");
            return alarm.ValueKind == JsonValueKind.Object;
        }, Wait, "supply-sensor-fault raised");
        Assert.Equal("high", alarm.GetProperty("priority").GetString());
        Assert.Equal("raised", alarm.GetProperty("state").GetString());
        Assert.Equal(0, (await StatusAsync(service)).GetProperty("compressorPercent").GetDouble());

        var pause = await service.Http.PostAsync("/api/alarms/audio-pause", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);

        // The repair, then every alarm acknowledged (the MCU's latch is cleared by that acknowledgement).
        await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "sensor-open", active = false }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () =>
        {
            foreach (var open in (await StatusAsync(service)).GetProperty("alarms").EnumerateArray())
            {
                var ack = await service.Http.PostAsync($"/api/alarms/{open.GetProperty("alarmId").GetString()}/ack", null, TestContext.Current.CancellationToken);
                Assert.True(ack.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"ack answered {ack.StatusCode}");
            }

            return (await StatusAsync(service)).GetProperty("alarms").GetArrayLength() == 0;
        }, Wait, "every alarm cleared");
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("compressorPercent").GetDouble() > 0, Wait, "cooling again");
        await service.StopAsync();
    }

    [Fact]
    public async Task Fault_LinkHostToMcuDown_RaisesLinkLostWhileStatusStillArrivesAndTheLinkComesBackAfterTheRepair()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=100"]);
        await service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("mcuLinked").ValueKind == JsonValueKind.True, Wait, "linked");

        var injected = await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "link-host-to-mcu-down", active = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("alarms").EnumerateArray()
            .Any(a => a.GetProperty("code").GetString() == "mcu-link-lost"), Wait, "mcu-link-lost raised");
        Assert.False((await StatusAsync(service)).GetProperty("mcuLinked").GetBoolean());

        await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "link-host-to-mcu-down", active = false }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("mcuLinked").GetBoolean(), Wait, "linked again");
        await Eventually.TrueAsync(async () =>
        {
            foreach (var open in (await StatusAsync(service)).GetProperty("alarms").EnumerateArray())
            {
                await service.Http.PostAsync($"/api/alarms/{open.GetProperty("alarmId").GetString()}/ack", null, TestContext.Current.CancellationToken);
            }

            return (await StatusAsync(service)).GetProperty("alarms").GetArrayLength() == 0;
        }, Wait, "every alarm cleared");
        await service.StopAsync();
    }

    [Theory]
    [InlineData("/api/sim/channels/C/cap", "{\"connected\":true}", 404, "channels A and B")]
    [InlineData("/api/sim/channels/A/cap", "{\"connected\":\"yes\"}", 400, "\\\"connected\\\": true")]
    [InlineData("/api/sim/channels/A/cap", "not json", 400, "not valid JSON")]
    [InlineData("/api/sim/faults", "{\"fault\":\"meltdown\",\"active\":true}", 400, "sensor-open")]
    [InlineData("/api/sim/faults", "{\"fault\":\"flow-block\",\"active\":true}", 400, "needs a channel")]
    [InlineData("/api/sim/faults", "{\"fault\":\"link-noise\",\"active\":true,\"ber\":0.5}", 400, "out of range")]
    [InlineData("/api/sim/faults", "{\"fault\":\"pump-fail\"}", 400, "active")]
    [InlineData("/api/alarms/no-such-alarm/ack", "", 404, "no open alarm")]
    public async Task BadRequests_GetProblemJsonThatSaysWhatToDo(string path, string body, int status, string detail)
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilReadyAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await service.Http.PostAsync(path, content, TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(detail.Replace("\\\"", "\"", StringComparison.Ordinal), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await service.StopAsync();
    }

    private static async Task<JsonElement> StatusAsync(ServiceProcess service) =>
        await service.Http.GetFromJsonAsync<JsonElement>("/api/status", TestContext.Current.CancellationToken);

    private static double Device(JsonElement status) => status.GetProperty("engine").GetProperty("deviceSeconds").GetDouble();

    private static double Supply(JsonElement status) => status.GetProperty("coolant").GetProperty("supplyC").GetDouble();
}
