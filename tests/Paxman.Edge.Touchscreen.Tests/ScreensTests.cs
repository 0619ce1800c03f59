using Microsoft.Playwright;
using Paxman.Edge.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>
/// Every screen at 1024x600 and 800x480: nothing outside the viewport (the page never scrolls), every touch target at
/// least 64 px, no serious or critical axe-core violation, no console error; and the README's screenshots, saved.
/// </summary>
public sealed class ScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryScreen_AtBothResolutions_FitsWithBigTargetsAndNoSeriousAccessibilityViolation()
    {
        using var folder = new TempFolder("paxman-ui-pin");
        var pinFile = await Unit.PinHashFileAsync(folder);
        await using var service = await Unit.StartAsync(600, arguments: [$"--Technician:PinHashFile={pinFile}"]);
        await using var touch = await TouchPage.OpenAsync(browser, service.HttpPort);
        var page = touch.Page;
        await Expect(page.Locator("#ready")).ToHaveTextAsync("Ready");
        await touch.CheckScreenAsync("home");

        // The unit's details in a corner on one line: the short version, never wrapped onto the badge.
        await Expect(page.Locator("#unit-id")).ToHaveTextAsync("PX-SIM-0001");
        await Expect(page.Locator("#version")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^v[0-9]+\.[0-9]+\.[0-9]+$"));
        await Expect(page.Locator("#simulated")).ToBeVisibleAsync();
        foreach (var (w, h) in TouchPage.Resolutions)
        {
            await touch.ResizeAsync(w, h);
            var version = (await page.Locator("#version").BoundingBoxAsync())!;
            var badge = (await page.Locator("#simulated").BoundingBoxAsync())!;
            Assert.True(version.X + version.Width <= badge.X && Math.Abs(version.Y - badge.Y) < 4 && version.Height < 30,
                $"at {w}x{h} the version ({version.X},{version.Y} {version.Width}x{version.Height}) and the badge ({badge.X},{badge.Y}) do not sit on one line");
        }

        // The new-session form, with prescribed times other than the regimen's (the reason is asked).
        await page.ClickAsync("#primary-A");
        await Expect(page.Locator("#new-session")).ToBeVisibleAsync();
        await page.FillAsync("#ns-postcool", "60");
        await Expect(page.Locator("#ns-reason")).ToBeVisibleAsync();
        await touch.CheckScreenAsync("new-session");
        await page.FillAsync("#ns-postcool", "90");
        await page.FillAsync("#ns-patient", "MRN-000123");
        await page.FillAsync("#ns-operator", "RN-7");
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#primary-A")).ToHaveTextAsync("Start pre-cool");
        await Unit.PlugCapAsync(service, "A");
        await page.ClickAsync("#primary-A");
        await Expect(page.Locator("#channel-A .phase")).ToHaveTextAsync("Pre-cool");
        await touch.CheckScreenAsync("home-precool");

        await page.ClickAsync("#details-A");
        await Expect(page.Locator("#trend polyline")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await touch.CheckScreenAsync("graph");
        await page.ClickAsync("#back");

        await page.ClickAsync("#abort-A");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("[data-reason=patient-request]");
        await touch.CheckScreenAsync("abort");
        await page.ClickAsync("#confirm-yes");
        await Expect(page.Locator("#channel-A .phase")).ToHaveTextAsync("Done: Aborted");
        await page.ClickAsync("#details-A");
        await Expect(page.Locator("#summary .billing")).ToBeVisibleAsync();
        await touch.CheckScreenAsync("summary");
        await page.ClickAsync("#back");

        await page.ClickAsync("#open-history");
        await Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(1);
        await touch.CheckScreenAsync("history");

        await page.ClickAsync("#open-service");
        await touch.CheckScreenAsync("service-pin");
        await page.FillAsync("#pin", Unit.Pin);
        await page.ClickAsync("#pin-enter");
        await Expect(page.Locator("#service-panel")).ToBeVisibleAsync();
        await touch.CheckScreenAsync("service");
        await page.ClickAsync("#service-end");
        await Expect(page.Locator("#pin-form")).ToBeVisibleAsync();
        await page.ClickAsync("#back");

        // An alarm banner above the channels: they still fit below it.
        await Unit.FaultAsync(service, "low-coolant", active: true);
        await Unit.PlugCapAsync(service, "B");
        await Expect(page.Locator("#alarm-reservoir-low")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await touch.CheckScreenAsync("alarm");
        await Unit.FaultAsync(service, "low-coolant", active: false);
        touch.AssertNoConsoleError();
        await service.StopAsync();
    }
}
