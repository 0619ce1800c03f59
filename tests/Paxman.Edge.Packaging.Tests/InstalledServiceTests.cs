using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>
/// The package installed with <c>dpkg --root</c> into a <see cref="ThrowawayRoot"/>, and the service started from that
/// layout, the way the unit starts it: the installed executable, the installed configuration through
/// <c>PAXMAN_EDGE_CONFIG</c>, the installed data folder. Only what cannot hold on this machine is overridden on the
/// command line: simulated hardware (there is no chiller here) and free ports.
/// </summary>
[Collection(SharedPackage.Name)]
public sealed class InstalledServiceTests(PackageFixture package)
{
    [Fact]
    public async Task InstalledService_StartsFromInstalledLayout_WithInstalledConfig_AndAnswersStatusAndHealth()
    {
        using var root = new ThrowawayRoot();
        await InstallAsync(root);
        var config = root.Config;
        var data = root.Data;
        var executable = root.Executable;
        using var installed = JsonDocument.Parse(File.ReadAllText(config));
        var unitId = installed.RootElement.GetProperty("Unit").GetProperty("Id").GetString();

        var http = FreePort.Next();
        await using var service = ChildProcess.Start(executable,
        [
            "--Hardware:Mode=Simulated",
            $"--Storage:Path={data}",
            "--urls", $"http://127.0.0.1:{http}",
            $"--Mqtt:Port={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
        ], workingDirectory: data, environment: new Dictionary<string, string?>
        {
            ["PAXMAN_EDGE_CONFIG"] = config,
            ["NO_COLOR"] = "1",
            // No .NET of this machine's is used: the package brings its own runtime.
            ["DOTNET_ROOT"] = "/nonexistent",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(10) };

        var status = await StatusAsync(client, service);
        Assert.Equal(unitId, status.GetProperty("unitId").GetString());
        Assert.True(status.GetProperty("simulated").GetBoolean());
        await Eventually.TrueAsync(async () => (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "/healthz answers 200");

        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(ErrorLines(service.Lines));
    }

    [Fact]
    public async Task InstalledConffile_IsRegisteredWithDpkg()
    {
        using var root = new ThrowawayRoot();
        await InstallAsync(root);

        var status = File.ReadAllText(root.DpkgStatus);
        Assert.Contains("Package: paxman-edge\nStatus: install ok installed", status, StringComparison.Ordinal);
        Assert.Matches(@"Conffiles:\n /etc/paxman-edge/appsettings.json [0-9a-f]{32}", status);
    }

    private async Task InstallAsync(ThrowawayRoot root)
    {
        await root.InstallAsync(package.Deb);
        Assert.Contains("deb-systemd-helper enable paxman-edge.service", root.Stubs.Calls);
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, ChildProcess service)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (service.HasExited)
            {
                throw new InvalidOperationException($"the installed service exited ({service.ExitCode}):\n{service.Output}");
            }

            try
            {
                return await client.GetFromJsonAsync<JsonElement>(new Uri("/api/status", UriKind.Relative));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static List<string> ErrorLines(IReadOnlyList<string> lines) =>
        lines.Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
}
