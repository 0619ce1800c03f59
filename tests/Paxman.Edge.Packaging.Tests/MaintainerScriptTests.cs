namespace Paxman.Edge.Packaging.Tests;

/// <summary>
/// The package's maintainer scripts run for real against <see cref="CommandStubs"/>, stand-ins for the commands
/// they call, which record their arguments: nothing on this machine changes.
/// </summary>
[Collection(SharedPackage.Name)]
public sealed class MaintainerScriptTests(PackageFixture package) : IDisposable
{
    private readonly CommandStubs _stubs = new();

    [Fact]
    public async Task Postinst_Configure_CreatesSystemUserAndMissingGroup_JoinsDeviceGroups_EnablesUnit()
    {
        var calls = await RunAsync("postinst", "configure");

        Assert.Contains("addgroup --system gpio", calls);
        Assert.DoesNotContain(calls, c => c.StartsWith("addgroup", StringComparison.Ordinal) && (c.EndsWith(" dialout", StringComparison.Ordinal) || c.EndsWith(" spi", StringComparison.Ordinal)));
        var user = Assert.Single(calls, c => c.StartsWith("adduser --system", StringComparison.Ordinal));
        Assert.Contains("--group", user, StringComparison.Ordinal);
        Assert.Contains("--home /var/lib/paxman-edge", user, StringComparison.Ordinal);
        Assert.Contains("--shell /usr/sbin/nologin", user, StringComparison.Ordinal);
        Assert.EndsWith(" paxman-edge", user, StringComparison.Ordinal);
        Assert.Contains("adduser paxman-edge dialout", calls);
        Assert.Contains("adduser paxman-edge gpio", calls);
        Assert.Contains("adduser paxman-edge spi", calls);
        Assert.Contains("chown paxman-edge:paxman-edge /var/lib/paxman-edge", calls);
        Assert.Contains("chmod 0750 /var/lib/paxman-edge", calls);
        Assert.Contains("chown root:paxman-edge /etc/paxman-edge", calls);
        Assert.Contains("deb-systemd-helper enable paxman-edge.service", calls);
    }

    [Fact]
    public async Task Postinst_ConfigureAgain_DoesNotCreateUserOrGroupsTwice()
    {
        await RunAsync("postinst", "configure");
        _stubs.ClearCalls();

        var calls = await RunAsync("postinst", "configure", "0.1.0");

        Assert.DoesNotContain(calls, c => c.StartsWith("adduser --system", StringComparison.Ordinal) || c.StartsWith("addgroup", StringComparison.Ordinal));
        Assert.Contains("chown paxman-edge:paxman-edge /var/lib/paxman-edge", calls);
    }

    [Fact]
    public async Task Postrm_Purge_ForgetsTheUnit_AndKeepsTheJournal()
    {
        var calls = await RunAsync("postrm", "purge");

        Assert.Contains("deb-systemd-helper purge paxman-edge.service", calls);
        Assert.DoesNotContain(calls, c => c.Contains("/var/lib/paxman-edge", StringComparison.Ordinal));
        Assert.DoesNotContain("rm ", File.ReadAllText(Path.Combine(package.ControlDir, "postrm")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prerm_Remove_Succeeds()
    {
        var calls = await RunAsync("prerm", "remove");

        // Without a running systemd (this machine, a chroot) there is nothing to stop; with one, deb-systemd-invoke stop.
        Assert.All(calls, c => Assert.StartsWith("deb-systemd-invoke stop paxman-edge.service", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("upgrade")]
    public async Task Prerm_UnderSystemd_StopsTheUnit_BeforeRemoveAndUpgrade(string action)
    {
        // The script as shipped, with systemd's run-time folder pointed at one that exists here.
        using var systemd = new Paxman.Edge.TestKit.TempFolder("paxman-run-systemd");
        var script = Path.Combine(systemd.Path, "prerm");
        File.WriteAllText(script, File.ReadAllText(Path.Combine(package.ControlDir, "prerm")).Replace("/run/systemd/system", systemd.Path, StringComparison.Ordinal));

        var (code, output) = await PackageFixture.RunAsync("sh", [script, action], TimeSpan.FromSeconds(20), _stubs.Environment);

        Assert.True(code == 0, output);
        Assert.Equal(["deb-systemd-invoke stop paxman-edge.service"], _stubs.Calls);
    }

    public void Dispose() => _stubs.Dispose();

    private async Task<IReadOnlyList<string>> RunAsync(string script, params string[] arguments)
    {
        var (code, output) = await PackageFixture.RunAsync("sh", [Path.Combine(package.ControlDir, script), .. arguments], TimeSpan.FromSeconds(20),
            _stubs.Environment);
        Assert.True(code == 0, $"{script} {string.Join(' ', arguments)} exited {code}:\n{output}");
        return _stubs.Calls;
    }
}
