using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>The alarm banner: by priority, live within a second, acknowledged and silenced from the screen.</summary>
public sealed class AlarmTests(BrowserFixture browser)
{
    [Fact]
    public async Task InjectedFault_ShowsItsBannerWithinASecond_AcknowledgeAndSoundPauseFromTheScreen_ClearsWithTheFault()
    {
        // TimeScale 60: the 2-minute sound pause lasts 2 real seconds.
        await using var service = await Unit.StartAsync(60, waitReady: false);
        await using var touch = await TouchPage.OpenAsync(browser, service.HttpPort);
        var page = touch.Page;
        var banner = page.Locator("#alarm-reservoir-low");

        await Unit.FaultAsync(service, "low-coolant", active: true);
        var since = Stopwatch.StartNew();
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 1_000 });
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(1), $"banner after {since.Elapsed}");
        await Expect(banner).ToHaveClassAsync("alarm medium");
        await Expect(banner).ToContainTextAsync("MEDIUM PRIORITY: Coolant level low");

        await banner.Locator("button.ack").ClickAsync();
        await Expect(banner).ToContainTextAsync("(acknowledged)");
        await Expect(banner.Locator("button.ack")).ToHaveCountAsync(0);

        await page.ClickAsync("#pause-sound");
        await Expect(page.Locator("#sound-paused")).ToContainTextAsync("Sound paused until");
        // Two device minutes later the sound is back: the pause is no longer shown, and can be asked again.
        await Expect(page.Locator("#sound-paused")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("#pause-sound")).ToBeVisibleAsync();

        await Unit.FaultAsync(service, "low-coolant", active: false);
        await Expect(banner).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        touch.AssertNoConsoleError();
        await service.StopAsync();
    }

    [Fact]
    public async Task HighPriorityAlarm_StaysInViewOnEveryScreen_AndIsResetFromTheScreenOnceItsConditionEnded()
    {
        await using var service = await Unit.StartAsync(60, waitReady: false);
        await using var touch = await TouchPage.OpenAsync(browser, service.HttpPort, 800, 480);
        var page = touch.Page;

        await Unit.FaultAsync(service, "probe-disagree", active: true);
        var banner = page.Locator(".alarm.high").First;
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(banner).ToHaveAttributeAsync("role", "alert");
        foreach (var open in new[] { "#open-history", "#open-service" })
        {
            await page.ClickAsync(open);
            await page.Mouse.WheelAsync(0, 2000);
            await AssertInViewAsync(touch, banner, open);
        }

        await page.ClickAsync("#back");
        await page.ClickAsync("#primary-A");
        await Expect(page.Locator("#new-session")).ToBeVisibleAsync();
        await AssertInViewAsync(touch, banner, "the new-session form");
        await page.ClickAsync("#ns-cancel");

        // Acknowledged while its condition lasts, it stays (latched); once the condition has ended, Reset clears it.
        await banner.Locator("button.ack").ClickAsync();
        await Expect(banner).ToContainTextAsync("(acknowledged)");
        await Unit.FaultAsync(service, "probe-disagree", active: false);
        await Expect(banner.Locator("button.ack")).ToHaveTextAsync("Reset", new() { Timeout = 10_000 });
        await banner.Locator("button.ack").ClickAsync();
        await Expect(page.Locator(".alarm.high")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        touch.AssertNoConsoleError();
        await service.StopAsync();
    }

    // The banner inside the 800x480 viewport, and the screen under it still fitting whole.
    private static async Task AssertInViewAsync(TouchPage touch, ILocator banner, string where)
    {
        var box = await banner.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 0 && box.Y + box.Height <= 480, $"the high alarm is out of view on {where}: {box.Y}+{box.Height}");
        var (overflowing, small) = await touch.MeasureAsync();
        Assert.True(overflowing.Length == 0 && small.Length == 0, $"{where} under a high alarm:\n{string.Join('\n', overflowing.Concat(small))}");
    }
}
