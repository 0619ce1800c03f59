using System.Diagnostics;
using Microsoft.Playwright;
using Paxman.Edge.TestKit;

[assembly: AssemblyFixture(typeof(Paxman.Edge.Touchscreen.Tests.BrowserFixture))]


namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>
/// One headless Chromium for every touchscreen test (Debian's /usr/bin/chromium through Playwright; no browser is ever
/// downloaded), and axe-core, installed from npm by the test set-up into the test's obj/ folder (not committed).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The axe-core release the accessibility checks run.</summary>
    public const string AxeVersion = "4.14.1";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>axe.min.js, injected into each page checked.</summary>
    public string AxeScript { get; private set; } = null!;

    /// <summary>Where the screenshots the README shows are saved.</summary>
    public static string ScreenshotFolder => Path.Combine(RepoPaths.Root, "src", "Paxman.Edge.Service", "screenshots");

    public async ValueTask InitializeAsync()
    {
        AxeScript = await InstallAxeAsync();

        // Steps wait for what the page shows; on a loaded machine a service's answer may take a few seconds. The timed
        // checks pass their own, shorter, timeouts.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    // tests/run.sh installs it before the tests; a bare `dotnet test` installs it here the same way.
    private static async Task<string> InstallAxeAsync()
    {
        var prefix = Path.Combine(RepoPaths.Root, "tests", "Paxman.Edge.Touchscreen.Tests", "obj", "axe");
        var script = Path.Combine(prefix, "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(script))
        {
            return script;
        }

        using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, $"axe-core@{AxeVersion}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var error = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"npm could not install axe-core {AxeVersion} (exit {npm.ExitCode}):\n{await output}\n{await error}");
        }

        return script;
    }
}
