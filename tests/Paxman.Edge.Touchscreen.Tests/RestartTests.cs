using System.Diagnostics;
using Microsoft.Playwright;
using Paxman.Edge.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>The service restarted mid-session: the page says the unit is lost, reconnects by itself, and Resume carries on.</summary>
public sealed class RestartTests(BrowserFixture browser)
{
    [Fact]
    public async Task ServiceRestartedInPostCool_PageShowsLostThenReconnects_ResumeContinuesTheCountdown()
    {
        using var folder = new TempFolder("paxman-ui-restart");
        var http = FreePort.Next();
        var mqtt = FreePort.Next();
        // Chilled at TimeScale 600, then run at 60, so that the restart's real seconds stay inside the resume window.
        string[] arguments = ["--Sessions:ResumeWindowMinutes=30"];
        await using (var chill = await Unit.StartAsync(600, arguments: arguments, workingDirectory: folder.Path, httpPort: http, mqttPort: mqtt))
        {
            await chill.StopAsync();
        }

        var service = await Unit.StartAsync(60, arguments: arguments, workingDirectory: folder.Path, httpPort: http, mqttPort: mqtt);
        await using var touch = await TouchPage.OpenAsync(browser, http);
        var page = touch.Page;
        var a = page.Locator("#channel-A");
        await Unit.PlugCapAsync(service, "A");
        await Eventually.TrueAsync(async () => (await Unit.ChannelAsync(service, "A")).GetProperty("capConnected").GetBoolean(), TimeSpan.FromSeconds(10), "cap A connected");
        // Restarted from the chilled unit, the compressor waits out its minimum off time and the coolant warms meanwhile,
        // out of the ready band for a while: a nurse waits for "Ready" with the compressor running again, so does the test.
        await Eventually.TrueAsync(async () =>
        {
            var status = await Unit.StatusAsync(service);
            return status.GetProperty("ready").ValueKind == System.Text.Json.JsonValueKind.True
                && status.GetProperty("compressorPercent").ValueKind == System.Text.Json.JsonValueKind.Number
                && status.GetProperty("compressorPercent").GetDouble() > 0;
        }, TimeSpan.FromSeconds(60), "ready with the compressor running again");
        await page.ClickAsync("#primary-A");
        await page.FillAsync("#ns-patient", "MRN-000321");
        await page.FillAsync("#ns-operator", "RN-9");
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#primary-A")).ToHaveTextAsync("Start pre-cool");
        var precool = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#primary-A"), r => r.Url.Contains("/session/", StringComparison.Ordinal));
        Assert.True(precool.Status == 200, $"pre-cool answered {precool.Status}: {await precool.TextAsync()}");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Pre-cool");
        // Infusion started before the pre-cool countdown ended: the screen warns first.
        await page.ClickAsync("#primary-A");
        await Expect(page.Locator("#confirm-question")).ToContainTextAsync("Starting the infusion now records a shorter pre-cool");
        await page.ClickAsync("#confirm-yes");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Infusion");
        await page.ClickAsync("#primary-A");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Post-cool");

        // The unit stops: the page says so within 3 s. Chromium logs the refused reconnections meanwhile.
        touch.Tolerate(text => text.Contains("ERR_CONNECTION_REFUSED", StringComparison.Ordinal));
        await service.StopAsync();
        var remainingBefore = await RemainingAsync(page);
        var stopped = Stopwatch.StartNew();
        await Expect(page.Locator("#connection-lost")).ToBeVisibleAsync(new() { Timeout = 3_000 });
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(3), $"lost shown after {stopped.Elapsed}");
        await service.DisposeAsync();

        await using var restarted = await Unit.StartAsync(60, waitReady: false, arguments: arguments, workingDirectory: folder.Path, httpPort: http, mqttPort: mqtt);
        await Expect(page.Locator("#connection-lost")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Expect(a.Locator(".next")).ToContainTextAsync("Is the cap still on the patient's head?");
        await Expect(page.Locator("#alarm-unit-restarted")).ToBeVisibleAsync();
        await Expect(page.Locator("#primary-A")).ToHaveTextAsync("Resume");
        if ((await Unit.ChannelAsync(restarted, "A")).GetProperty("capConnected").GetBoolean() is false)
        {
            await Unit.PlugCapAsync(restarted, "A");
        }

        await page.ClickAsync("#primary-A");
        await Expect(page.Locator("#confirm-question")).ToContainTextAsync("Is the cap still on the patient's head?");
        await page.ClickAsync("#confirm-yes");
        await Expect(a.Locator(".next")).ToHaveTextAsync("Post-cooling: it ends by itself.", new() { Timeout = 10_000 });
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Post-cool");
        await Expect(page.Locator("#alarm-unit-restarted")).ToHaveCountAsync(0, new() { Timeout = 10_000 });

        // The countdown carries on from where it stopped (the outage was not cooled, so not counted), and runs. It
        // carries on from the last journal checkpoint, not from the last second shown: cooling after that checkpoint
        // cannot be vouched for and is not billed, so it may show up to a checkpoint's 10 device seconds more.
        var resumed = await RemainingAsync(page);
        Assert.True(resumed <= remainingBefore + CheckpointSeconds && resumed > remainingBefore - 120, $"remaining {remainingBefore} s before, {resumed} s after the resume");
        await Eventually.TrueAsync(async () => await RemainingAsync(page) < resumed, TimeSpan.FromSeconds(10), "the countdown running again");
        touch.AssertNoConsoleError();
        await restarted.StopAsync();
    }

    // Sessions:CheckpointSeconds' default.
    private const int CheckpointSeconds = 10;

    private static async Task<int> RemainingAsync(IPage page)
    {
        var text = await page.Locator("#channel-A .countdown").InnerTextAsync();
        return text.Split(':').Select(int.Parse).Aggregate(0, (total, part) => total * 60 + part);
    }
}
