using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Paxman.Edge.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>Sessions run from the touchscreen alone (the test's hands only plug caps in, as a nurse does).</summary>
public sealed class SessionFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task WholeSession_ThroughTheScreenAlone_CompletesWithTheRightBillingUnits()
    {
        await using var service = await Unit.StartAsync(600);
        await using var touch = await TouchPage.OpenAsync(browser, service.HttpPort);
        var page = touch.Page;
        var a = page.Locator("#channel-A");
        await Unit.PlugCapAsync(service, "A");

        await page.ClickAsync("#primary-A");
        await page.FillAsync("#ns-patient", "MRN-000456");
        await page.FillAsync("#ns-operator", "RN-12");
        await page.SelectOptionAsync("#ns-regimen", "default");
        await Expect(page.Locator("#ns-postcool")).ToHaveValueAsync("90");
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#primary-A")).ToHaveTextAsync("Start pre-cool");

        await page.ClickAsync("#primary-A");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Pre-cool");
        await Expect(a.Locator(".countdown")).ToBeVisibleAsync();
        // 30 device minutes at TimeScale 600: about 3 s.
        await Expect(a.Locator(".next")).ToHaveTextAsync("Pre-cool complete: the infusion may start.", new() { Timeout = 20_000 });
        await page.ClickAsync("#primary-A");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Infusion");
        await page.ClickAsync("#primary-A");
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Post-cool");
        await Expect(a.Locator(".countdown-label")).ToHaveTextAsync("Post-cool left");

        // 90 device minutes: about 9 s; it completes by itself.
        await Expect(a.Locator(".phase")).ToHaveTextAsync("Done: Completed", new() { Timeout = 30_000 });
        await Expect(a.Locator(".next")).ToHaveTextAsync("Remove the cap in 5-10 minutes.");
        await page.ClickAsync("#details-A");
        var billing = page.Locator("#summary .billing");
        await Expect(billing).ToHaveTextAsync("Billing: 97008 × 1, 97009 × 3");
        await Expect(page.Locator("#summary .phases li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#trend polyline")).ToBeVisibleAsync();

        // The summary says what the record says.
        var sessionId = (await Unit.ChannelAsync(service, "A")).GetProperty("session").GetProperty("sessionId").GetString();
        var record = (await service.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}", TestContext.Current.CancellationToken)).GetProperty("record");
        Assert.Equal("completed", record.GetProperty("outcome").GetString());
        Assert.Equal("97008:1 97009:3", string.Join(' ', record.GetProperty("billing").EnumerateArray().Select(b => $"{b.GetProperty("code").GetString()}:{b.GetProperty("units").GetInt32()}")));

        // The history lists it without the patient reference.
        await page.ClickAsync("#open-history");
        await Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#history-rows")).ToContainTextAsync("Completed");
        await Expect(page.Locator("#history-rows")).ToContainTextAsync("97009×3");
        Assert.DoesNotContain("MRN-000456", await page.ContentAsync(), StringComparison.Ordinal);
        touch.AssertNoConsoleError();
        await service.StopAsync();
    }

    [Fact]
    public async Task OverrideAndRefusal_TheReasonIsAskedAndTheServersRefusalIsShownAsIs()
    {
        // TimeScale 60 from a warm start: the coolant is not ready for the first several real seconds.
        await using var service = await Unit.StartAsync(60, waitReady: false);
        Assert.Equal(JsonValueKind.False, (await Unit.StatusAsync(service)).GetProperty("ready").ValueKind);
        await using var touch = await TouchPage.OpenAsync(browser, service.HttpPort);
        var page = touch.Page;
        await Unit.PlugCapAsync(service, "A");
        // While it chills down, the bar says so with an estimate of the time to ready.
        await Expect(page.Locator("#ready")).ToHaveTextAsync("Cooling down");
        await Expect(page.Locator("#chill-estimate")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ready in about [0-9]+ min$"));

        await page.ClickAsync("#primary-A");
        await page.FillAsync("#ns-patient", "MRN-000789");
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#ns-message")).ToHaveTextAsync("Enter your operator id.");
        await page.FillAsync("#ns-operator", "RN-3");
        await Expect(page.Locator("#ns-reason")).ToBeHiddenAsync();
        await page.FillAsync("#ns-postcool", "60");
        await Expect(page.Locator("#ns-reason")).ToBeVisibleAsync();
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#ns-message")).ToHaveTextAsync("The times differ from the regimen's: choose the reason.");
        await page.SelectOptionAsync("#ns-reason", "prescriber-order");
        await page.ClickAsync("#ns-open");
        await Expect(page.Locator("#primary-A")).ToHaveTextAsync("Start pre-cool");

        var session = (await Unit.ChannelAsync(service, "A")).GetProperty("session");
        var record = (await service.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.GetProperty("sessionId").GetString()}", TestContext.Current.CancellationToken)).GetProperty("record");
        Assert.Equal("prescriber-order", record.GetProperty("overrideReason").GetString());

        // Pre-cool before the coolant is ready: the server refuses, and the screen shows its words.
        touch.ExpectRefusal(409);
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#primary-A"), r => r.Url.EndsWith("/api/channels/A/session/precool", StringComparison.Ordinal));
        Assert.Equal(409, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Headers["content-type"], StringComparison.Ordinal);
        var detail = (await answer.JsonAsync())!.Value.GetProperty("detail").GetString();
        Assert.Contains("not ready", detail, StringComparison.Ordinal);
        var shown = page.Locator("#channel-A .message");
        await Expect(shown).ToHaveTextAsync(detail!);
        await Expect(page.Locator("#channel-A .phase")).ToHaveTextAsync("Prepared");
        touch.AssertNoConsoleError();
        await service.StopAsync();
    }
}
