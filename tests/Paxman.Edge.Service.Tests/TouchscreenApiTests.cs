using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The endpoints the touchscreen reads: <c>/api/events</c>, <c>/api/channels/{ch}/trend</c>, <c>/api/regimens</c>.</summary>
public sealed class TouchscreenApiTests
{
    [Fact]
    public async Task Events_IsAnEventStreamOfStatuses_SeveralASecond()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=20"]);
        await service.WaitUntilReadyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await service.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));

        var ticks = new List<long>();
        var started = DateTime.UtcNow;
        while (ticks.Count < 4)
        {
            var line = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var status = JsonDocument.Parse(line["data: ".Length..]);
                Assert.Equal("A", status.RootElement.GetProperty("channels")[0].GetProperty("channel").GetString());
                Assert.True(status.RootElement.TryGetProperty("serviceMode", out _));
                ticks.Add(status.RootElement.GetProperty("engine").GetProperty("ticks").GetInt64());
            }
            else
            {
                Assert.True(line.Length == 0 || line == "event: status" || line.StartsWith("retry: ", StringComparison.Ordinal), line);
            }
        }

        // Four statuses, each of a later tick, within about a second (one every 250 ms).
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"{DateTime.UtcNow - started} for four events");
        Assert.Equal(ticks.Order(), ticks);
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task AlarmHistory_ListsTheJournaledChangesNewestFirst_AndABadLimitIs400()
    {
        // Fast enough that the chill-down (after which a low reservoir is an alarm) is over in a couple of seconds.
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=600"]);
        await service.WaitUntilReadyAsync();
        var ct = TestContext.Current.CancellationToken;
        using var fault = await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "low-coolant", active = true }, ct);
        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);

        JsonElement[] alarms = [];
        await Eventually.TrueAsync(async () =>
        {
            alarms = [.. (await service.Http.GetFromJsonAsync<JsonElement>("/api/alarms/history?limit=5", ct)).GetProperty("alarms").EnumerateArray()];
            return alarms.Any(a => a.GetProperty("code").GetString() == "reservoir-low");
        }, TimeSpan.FromSeconds(60), "reservoir-low in the alarm history");

        var low = alarms.First(a => a.GetProperty("code").GetString() == "reservoir-low");
        Assert.Equal("raised", low.GetProperty("state").GetString());
        Assert.Equal("medium", low.GetProperty("priority").GetString());
        Assert.EndsWith("Z", low.GetProperty("at").GetString(), StringComparison.Ordinal);
        Assert.True(alarms.Length <= 5);
        using var bad = await service.Http.GetAsync("/api/alarms/history?limit=0", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Trend_OneSamplePerTenDeviceSecondsOfTheRunningSession_UnknownChannelIs404()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=600"]);
        await service.WaitUntilReadyAsync();
        var ct = TestContext.Current.CancellationToken;
        Assert.Empty((await service.Http.GetFromJsonAsync<JsonElement>("/api/channels/A/trend", ct)).GetProperty("samples").EnumerateArray());
        using var opened = await service.Http.PostAsJsonAsync("/api/channels/A/sessions", new { patientRef = "P-1", operatorId = "RN-1", regimen = "default" }, ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        JsonElement[] samples = [];
        await Eventually.TrueAsync(async () =>
        {
            samples = [.. (await service.Http.GetFromJsonAsync<JsonElement>("/api/channels/A/trend", ct)).GetProperty("samples").EnumerateArray()];
            return samples.Length >= 20;
        }, TimeSpan.FromSeconds(20), "20 samples");
        var stamps = samples.Select(s => DateTimeOffset.Parse(s.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 1; i < stamps.Length; i++)
        {
            Assert.Equal(10, (stamps[i] - stamps[i - 1]).TotalSeconds, 0.5);
        }

        Assert.All(samples, s => Assert.Equal(JsonValueKind.Number, s.GetProperty("supplyC").ValueKind));
        Assert.All(samples, s => Assert.True(s.TryGetProperty("interrupted", out _)));
        Assert.Empty((await service.Http.GetFromJsonAsync<JsonElement>("/api/channels/B/trend", ct)).GetProperty("samples").EnumerateArray());
        using var unknown = await service.Http.GetAsync(new Uri("/api/channels/C/trend", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Regimens_AreTheConfiguredOnesWithTheirDefaultTimes()
    {
        await using var service = ServiceProcess.Start(["--Sessions:Regimens:weekly:PreCoolMinutes=20", "--Sessions:Regimens:weekly:PostCoolMinutes=45"]);
        await service.WaitUntilReadyAsync();
        var answer = await service.Http.GetFromJsonAsync<JsonElement>("/api/regimens", TestContext.Current.CancellationToken);
        var regimens = answer.GetProperty("regimens").EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()} {r.GetProperty("preCoolMinutes").GetInt32()}/{r.GetProperty("postCoolMinutes").GetInt32()}").ToArray();
        Assert.Equal(["default 30/90", "docetaxel 30/20", "paclitaxel 30/60", "weekly 20/45"], regimens);
        Assert.Equal(15, answer.GetProperty("thickHairExtraPreCoolMinutes").GetInt32());
        Assert.Equal(0, await service.StopAsync());
    }
}
