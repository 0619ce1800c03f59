using System.Net;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary><c>GET /healthz</c> and <c>GET /readyz</c> of the running service: status code and what the body says per check.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_WhileTicking_200_AndReadyz_WhileChillingDown_503SayingWhy()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilReadyAsync();

        var (aliveCode, alive) = await GetAsync(service, "/healthz");
        Assert.Equal(HttpStatusCode.OK, aliveCode);
        Assert.Equal("healthy", alive.GetProperty("status").GetString());
        Assert.True(alive.GetProperty("checks").GetProperty("engine").GetProperty("data").GetProperty("ticks").GetInt64() > 0);

        // At TimeScale 1 the coolant is still far from -4 C a few seconds after start.
        await Eventually.TrueAsync(async () => (await GetAsync(service, "/readyz")).Body.GetProperty("checks").GetProperty("mcu").GetProperty("status").GetString() == "healthy",
            TimeSpan.FromSeconds(10), "the MCU linked");
        var (readyCode, ready) = await GetAsync(service, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyCode);
        Assert.Equal("unhealthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal("unhealthy", checks.GetProperty("coolant").GetProperty("status").GetString());
        Assert.Contains("not at its setpoint", checks.GetProperty("coolant").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", checks.GetProperty("journal").GetProperty("status").GetString());
        Assert.Equal("the journal is writable", checks.GetProperty("journal").GetProperty("description").GetString());
        Assert.DoesNotContain("engine", checks.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Readyz_OnceTheCoolantIsReady_200()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=600"]);
        await service.WaitUntilReadyAsync();

        // Chill-down takes about 18 device minutes and ready another minute: a few real seconds at 600x.
        await Eventually.TrueAsync(async () => (await GetAsync(service, "/readyz")).Code == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "/readyz 200");
        var (_, ready) = await GetAsync(service, "/readyz");
        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        Assert.All(ready.GetProperty("checks").EnumerateObject(), check => Assert.Equal("healthy", check.Value.GetProperty("status").GetString()));
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> GetAsync(ServiceProcess service, string path)
    {
        using var response = await service.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
