using System.Text.Json;
using Microsoft.Playwright;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>
/// The touchscreen in a fresh browser context at the panel's size, collecting every console error and uncaught page
/// error (a test fails on any it did not expect), with the measures the touchscreen tests make.
/// </summary>
public sealed class TouchPage : IAsyncDisposable
{
    /// <summary>The unit's 7-inch panel, and the smaller one the page must also work on.</summary>
    public static readonly (int Width, int Height)[] Resolutions = [(1024, 600), (800, 480)];

    private readonly BrowserFixture _browser;
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly List<Func<string, bool>> _tolerated = [];

    private TouchPage(BrowserFixture browser, IBrowserContext context, IPage page)
    {
        _browser = browser;
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => Record("page error: " + error);
    }

    public IPage Page { get; }

    public static async Task<TouchPage> OpenAsync(BrowserFixture browser, int port, int width = 1024, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = true,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var touch = new TouchPage(browser, context, page);
        await page.GotoAsync($"http://127.0.0.1:{port}/");
        await Assertions.Expect(page.Locator("#channel-A")).ToBeVisibleAsync();
        return touch;
    }

    /// <summary>Console errors matching <paramref name="tolerated"/> are expected from here on (a service deliberately stopped).</summary>
    public void Tolerate(Func<string, bool> tolerated) => _tolerated.Add(tolerated);

    public async Task ResizeAsync(int width, int height) => await Page.SetViewportSizeAsync(width, height);

    /// <summary>Every visible element that reaches outside the viewport, and every visible button smaller than 64 px.</summary>
    public async Task<(string[] Overflowing, string[] SmallButtons)> MeasureAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>("""
            () => {
              const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
              const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' "' + (e.textContent || '').trim().slice(0, 30) + '"';
              const visible = e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect(); return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0; };
              const over = [], small = [];
              for (const e of document.body.querySelectorAll('*')) {
                if (!visible(e) || e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
                const r = e.getBoundingClientRect();
                if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) over.push(name(e) + ` ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
                if (e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible' && e !== document.documentElement && e !== document.body) over.push('clipped content in ' + name(e));
              }
              for (const b of document.querySelectorAll('button, [role=button], input, select')) {
                if (!visible(b) || b.type === 'checkbox') continue;
                const r = b.getBoundingClientRect();
                if (r.width < 64 || r.height < 64) small.push(name(b) + ` ${Math.round(r.width)}x${Math.round(r.height)}`);
              }
              if (document.scrollingElement.scrollHeight > vh || document.scrollingElement.scrollWidth > vw) over.push('the page scrolls');
              return { over, small };
            }
            """);
        return ([.. result.GetProperty("over").EnumerateArray().Select(e => e.GetString()!)],
            [.. result.GetProperty("small").EnumerateArray().Select(e => e.GetString()!)]);
    }

    /// <summary>axe-core's serious and critical violations on the page as it is now.</summary>
    public async Task<string[]> SeriousAccessibilityViolationsAsync()
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = _browser.AxeScript });
        }

        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '));
            }
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>Checks the screen as it is at both resolutions (fits, 64 px targets, axe) and saves its screenshots.</summary>
    public async Task CheckScreenAsync(string name)
    {
        var (width, height) = (Page.ViewportSize!.Width, Page.ViewportSize.Height);
        foreach (var (w, h) in Resolutions)
        {
            await ResizeAsync(w, h);
            await Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            var (overflowing, small) = await MeasureAsync();
            Assert.True(overflowing.Length == 0, $"{name} at {w}x{h}: outside the viewport:\n{string.Join('\n', overflowing)}");
            Assert.True(small.Length == 0, $"{name} at {w}x{h}: touch targets under 64 px:\n{string.Join('\n', small)}");
            var violations = await SeriousAccessibilityViolationsAsync();
            Assert.True(violations.Length == 0, $"{name} at {w}x{h}: axe-core:\n{string.Join('\n', violations)}");
            Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{w}x{h}.png") });
        }

        await ResizeAsync(width, height);
    }

    public void AssertNoConsoleError()
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, $"the page logged errors:\n{string.Join('\n', _errors)}");
        }
    }

    /// <summary>
    /// A refusal the test provokes: Chromium logs every 4xx answer to a fetch as "Failed to load resource", although
    /// the page handles it (it shows the server's text).
    /// </summary>
    public void ExpectRefusal(int status) => Tolerate(text => text.Contains($"the server responded with a status of {status}", StringComparison.Ordinal));

    // The test asserts no console error itself at its end, so that a failure in its body is not hidden by this one.
    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string text)
    {
        lock (_errors)
        {
            if (!_tolerated.Any(t => t(text)))
            {
                _errors.Add(text);
            }
        }
    }
}
