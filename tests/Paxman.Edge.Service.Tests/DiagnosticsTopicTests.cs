using System.Globalization;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The technicians' MQTT 5 request/response interface, used with the real mosquitto_rr.</summary>
public sealed class DiagnosticsTopicTests
{
    private const string Unit = "PX-TEST-0301";
    private const string Request = $"paxman/v1/{Unit}/diag/request";

    [Fact]
    public async Task Requests_AreAnsweredOnTheirResponseTopic_AndBadOnesSayWhatToSend()
    {
        await using var service = ServiceProcess.Start([$"--Unit:Id={Unit}"]);
        await service.WaitUntilBrokerConnectedAsync();

        var status = await AskAsync(service, "{\"command\":\"status\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.True(status.GetProperty("ok").GetBoolean());
        Assert.True(status.GetProperty("engine").GetProperty("ticks").GetInt64() > 0);
        Assert.Equal(100, status.GetProperty("gains").GetProperty("kp").GetDouble());
        await Eventually.TrueAsync(() => service.Process.Lines.Any(l => l.Contains("Diagnostics request 'status' from tech-rr: ok", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the request logged with its requester");

        // A changing request without service mode: refused, saying how to switch it on.
        var autotune = await AskAsync(service, "{\"command\":\"autotune-start\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.False(autotune.GetProperty("ok").GetBoolean());
        Assert.Equal("service-mode-off", autotune.GetProperty("code").GetString());
        Assert.Contains("/api/service-mode", autotune.GetProperty("error").GetString(), StringComparison.Ordinal);

        var unknown = await AskAsync(service, "{\"command\":\"reboot-everything\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.Contains("autotune-start", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);

        var notJson = await AskAsync(service, "status please", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.Contains("not valid JSON", notJson.GetProperty("error").GetString(), StringComparison.Ordinal);

        var badDelta = await AskAsync(service, "{\"command\":\"autotune-start\",\"deltaC\":9}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.Contains("deltaC", badDelta.GetProperty("error").GetString(), StringComparison.Ordinal);
        await service.StopAsync();
    }

    [Fact]
    public async Task In_service_mode_a_changing_request_reaches_the_engine_and_read_only_requests_show_config_and_logs_without_secrets()
    {
        using var folder = new TempFolder("paxman-diag");
        await using var service = ServiceModeApiTests.StartWithPin(folder, await ServiceModeApiTests.HashPinAsync("5520"),
            [$"--Unit:Id={Unit}", "--Mqtt:Username=unit-9", "--Mqtt:Password=diag-secret-6A1F"]);
        await service.WaitUntilBrokerConnectedAsync();
        var on = await ApiCall.PostAsync(service, "/api/service-mode", "{\"pin\":\"5520\"}");
        Assert.Equal(System.Net.HttpStatusCode.OK, on.Status);

        // Service mode on, every channel idle: the engine's own refusal (at room temperature) is what comes back.
        var autotune = await AskAsync(service, "{\"command\":\"autotune-start\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.Contains("not at its setpoint", autotune.GetProperty("error").GetString(), StringComparison.Ordinal);
        var offset = await AskAsync(service, "{\"command\":\"sensor-offset\",\"sensor\":\"return\",\"offsetC\":0.3}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.True(offset.GetProperty("ok").GetBoolean(), offset.ToString());

        var config = await AskAsync(service, "{\"command\":\"config\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.Equal("***", config.GetProperty("configuration").GetProperty("Mqtt").GetProperty("Password").GetString());
        var logs = await AskAsync(service, "{\"command\":\"log-recent\",\"count\":500}", $"paxman/v1/{Unit}/diag/response/tech-1");
        var lines = logs.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToList();
        Assert.Contains(lines, l => l.Contains("Service mode on until", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("sensor offset return 0.3 C", StringComparison.Ordinal));
        Assert.DoesNotContain("diag-secret-6A1F", logs.ToString() + config, StringComparison.Ordinal);
        Assert.DoesNotContain("5520", logs.ToString(), StringComparison.Ordinal);
        var mcu = await AskAsync(service, "{\"command\":\"mcu-identity\"}", $"paxman/v1/{Unit}/diag/response/tech-1");
        Assert.True(mcu.GetProperty("ok").GetBoolean(), mcu.ToString());
        await service.StopAsync();
    }

    [Fact]
    public async Task A_response_topic_outside_diag_response_gets_no_answer()
    {
        await using var service = ServiceProcess.Start([$"--Unit:Id={Unit}"]);
        await service.WaitUntilBrokerConnectedAsync();

        await using var rr = Ask(service, "{\"command\":\"status\"}", $"paxman/v1/{Unit}/status-spoof", waitSeconds: 3);
        var exit = await rr.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain(rr.Lines, l => l.Contains("\"ok\"", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => service.Process.Lines.Any(l => l.Contains("cannot be answered", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), "the dropped request logged");
        await service.StopAsync();
    }

    private static async Task<JsonElement> AskAsync(ServiceProcess service, string payload, string responseTopic)
    {
        await using var rr = Ask(service, payload, responseTopic, waitSeconds: 10);
        Assert.Equal(0, await rr.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        return JsonDocument.Parse(rr.Lines.Last(l => l.StartsWith('{'))).RootElement;
    }

    private static ChildProcess Ask(ServiceProcess service, string payload, string responseTopic, int waitSeconds) => ChildProcess.Start("mosquitto_rr",
    [
        "-h", "127.0.0.1", "-p", service.MqttPort.ToString(CultureInfo.InvariantCulture), "-V", "5",
        "-i", "test-rr-" + Guid.NewGuid().ToString("N")[..8], "-t", Request, "-e", responseTopic,
        "-D", "PUBLISH", "user-property", "requester", "tech-rr",
        "-m", payload, "-W", waitSeconds.ToString(CultureInfo.InvariantCulture),
    ]);
}
