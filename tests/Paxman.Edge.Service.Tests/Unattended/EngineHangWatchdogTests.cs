using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary>
/// The systemd watchdog against a hung control loop: the service as a real process with a test NOTIFY_SOCKET, and
/// the Simulated-mode fault <c>engine-hang</c> holding the engine's thread.
/// </summary>
public sealed class EngineHangWatchdogTests
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task EngineHang_StopsWatchdogPingsAndFailsHealthz_UntilReleased()
    {
        await using var notify = new NotifyRecorder();
        await using var service = ServiceProcess.Start(environment: notify.Environment(Watchdog));
        await service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(() => notify.ReadySeen && notify.Pings.Count >= 3, TimeSpan.FromSeconds(10), "READY=1 and three pings");

        var hung = await Fault(service, active: true);
        var hungAt = notify.Now;
        Assert.True(hung.GetProperty("active").GetBoolean());

        // A ping already on its way when the fault landed may still arrive; after that, none while the loop hangs,
        // though systemd's timeout (1 s here) passes twice over.
        using (var healthz = await service.Http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, healthz.StatusCode);
            Assert.Contains("stuck", await healthz.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await Task.Delay(2 * Watchdog + TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        var releasedAt = notify.Now;
        var duringHang = notify.Pings.Where(at => at > hungAt + TimeSpan.FromMilliseconds(300) && at < releasedAt).ToList();
        Assert.Empty(duringHang);

        var released = await Fault(service, active: false);
        Assert.False(released.GetProperty("active").GetBoolean());
        await Eventually.TrueAsync(() => notify.Pings.Count(at => at > releasedAt) >= 2, TimeSpan.FromSeconds(10), "pings resume after the release");
        await Eventually.TrueAsync(async () => (await service.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(5), "/healthz 200 again");
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task EngineHang_StopWhileHung_StopsCleanly()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilReadyAsync();
        await Fault(service, active: true);

        // The unit stopping releases the engine's thread, so SIGTERM still ends it within its 5 s.
        Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(8)));
    }

    private static async Task<JsonElement> Fault(ServiceProcess service, bool active)
    {
        var started = DateTime.UtcNow;
        using var response = await service.Http.PostAsJsonAsync(new Uri("/api/sim/faults", UriKind.Relative), new { fault = "engine-hang", active });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Answered at once, not after the engine's 3 s wait.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "engine-hang answered late");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
