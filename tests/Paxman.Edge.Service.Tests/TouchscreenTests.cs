using System.Net.Http.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The touchscreen page, served whatever the current directory, and rendered by a real browser.</summary>
public sealed class TouchscreenTests
{
    [Fact]
    public async Task ReadmeRunCommand_FromTheRepositoryRoot_ServesThePageAndPutsDataThere()
    {
        var http = FreePort.Next();
        var mqtt = FreePort.Next();
        using var root = new TempFolder("paxman-cwd");
        // The README's command, as typed at the repository root (already built, so --no-build).
        await using var run = ChildProcess.Start("dotnet",
        [
            "run", "--no-build", "-c", RepoPaths.Configuration, "--project", Path.Combine(RepoPaths.Root, "src", "Paxman.Edge.Service"), "--",
            "--urls", $"http://127.0.0.1:{http}", $"--Mqtt:Port={mqtt}",
        ], RepoPaths.Root, new Dictionary<string, string?> { ["Storage__Path"] = root.File("data") });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };

        var page = await GetWhenUpAsync(client, "/", run);

        Assert.Contains("<title>Paxman Edge</title>", page, StringComparison.Ordinal);
        Assert.Contains("app.js", page, StringComparison.Ordinal);
        Assert.Contains("poll()", await client.GetStringAsync(new Uri("/app.js", UriKind.Relative), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(Directory.Exists(root.File("data")));
        run.Terminate();
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task ReadmeRunCommand_DefaultStoragePath_IsRelativeToWhereItWasStarted()
    {
        using var cwd = new TempFolder("paxman-cwd");
        await using var run = ChildProcess.Start("dotnet",
        [
            "run", "--no-build", "-c", RepoPaths.Configuration, "--project", Path.Combine(RepoPaths.Root, "src", "Paxman.Edge.Service"), "--",
            "--urls", $"http://127.0.0.1:{FreePort.Next()}", $"--Mqtt:Port={FreePort.Next()}",
        ], cwd.Path);

        await run.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.True(Directory.Exists(cwd.File("data")), "./data is created in the directory the unit was started from");
        run.Terminate();
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Page_InHeadlessChromium_ShowsUnitIdVersionAndBrokerState()
    {
        await using var service = ServiceProcess.Start(["--Unit:Id=PX-TEST-0200"]);
        await service.WaitUntilBrokerConnectedAsync();
        using var profile = new TempFolder("paxman-chromium");

        // --dump-dom prints the DOM after scripts ran; the virtual time budget lets the first poll complete.
        await using var chromium = ChildProcess.Start("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile.Path}", "--virtual-time-budget=5000", "--dump-dom",
            $"http://127.0.0.1:{service.HttpPort}/",
        ]);
        Assert.Equal(0, await chromium.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var dom = chromium.Output;

        Assert.Contains("<strong id=\"unit-id\">PX-TEST-0200</strong>", dom, StringComparison.Ordinal);
        Assert.Matches("<strong id=\"version\">[0-9]", dom);
        Assert.Contains("<p id=\"broker\" class=\"ok\">Connected</p>", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"channel-A\"", dom, StringComparison.Ordinal);
        await service.StopAsync();
    }

    [Fact]
    public async Task Page_InHeadlessChromium_ShowsAnAlarmAndTheCapsState()
    {
        await using var service = ServiceProcess.Start(["--Simulator:TimeScale=20"]);
        await service.WaitUntilReadyAsync();
        await service.Http.PostAsJsonAsync("/api/sim/channels/B/cap", new { connected = true }, TestContext.Current.CancellationToken);
        await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault = "low-coolant", active = true }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () =>
            (await service.Http.GetStringAsync(new Uri("/api/status", UriKind.Relative), TestContext.Current.CancellationToken)).Contains("reservoir-low", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "reservoir-low raised");
        using var profile = new TempFolder("paxman-chromium");

        await using var chromium = ChildProcess.Start("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile.Path}", "--virtual-time-budget=5000", "--dump-dom",
            $"http://127.0.0.1:{service.HttpPort}/",
        ]);
        Assert.Equal(0, await chromium.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var dom = chromium.Output;

        Assert.Contains("<div class=\"alarm medium\" id=\"alarm-reservoir-low\">", dom, StringComparison.Ordinal);
        Assert.Contains("Coolant level low", dom, StringComparison.Ordinal);
        Assert.Contains("<p class=\"cap\">Cap connected, flow", dom, StringComparison.Ordinal);
        Assert.Contains("<p class=\"cap\">Cap not connected</p>", dom, StringComparison.Ordinal);
        Assert.Matches("<p id=\"coolant\" class=\"muted\">-?[0-9]+\\.[0-9] °C \\(set -4\\.0 °C\\)</p>", dom);
        await service.StopAsync();
    }

    private static async Task<string> GetWhenUpAsync(HttpClient client, string path, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await client.GetStringAsync(new Uri(path, UriKind.Relative));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}
