using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>
/// The touchscreen page, served whatever the current directory. The page itself is tested in a real browser in
/// tests/Paxman.Edge.Touchscreen.Tests.
/// </summary>
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
        Assert.Contains("/api/events", await client.GetStringAsync(new Uri("/app.js", UriKind.Relative), TestContext.Current.CancellationToken), StringComparison.Ordinal);
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
