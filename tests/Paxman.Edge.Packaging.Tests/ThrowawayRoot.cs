using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>
/// A throwaway root for <c>dpkg --root</c>: an empty dpkg database, the package's files under it, and its maintainer
/// scripts run outside it against <see cref="CommandStubs"/> (so that no user is created on this machine). The stand-ins
/// keep their state for the root's life, so a second install is an upgrade as dpkg and the scripts see it.
/// </summary>
public sealed class ThrowawayRoot : IDisposable
{
    private readonly TempFolder _folder = new("paxman-root");

    public ThrowawayRoot()
    {
        foreach (var folder in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, folder));
        }

        File.WriteAllText(DpkgStatus, "");
        File.WriteAllText(System.IO.Path.Combine(Path, "var", "lib", "dpkg", "available"), "");
    }

    public string Path => _folder.Path;

    /// <summary>The stand-ins the maintainer scripts call, and what they were called with.</summary>
    public CommandStubs Stubs { get; } = new();

    /// <summary>The installed configuration, a conffile.</summary>
    public string Config => System.IO.Path.Combine(Path, "etc", "paxman-edge", "appsettings.json");

    /// <summary>The installed data folder (the journal's).</summary>
    public string Data => System.IO.Path.Combine(Path, "var", "lib", "paxman-edge");

    /// <summary>The installed service executable.</summary>
    public string Executable => System.IO.Path.Combine(Path, "usr", "lib", "paxman-edge", "Paxman.Edge.Service");

    /// <summary>dpkg's database of installed packages in this root.</summary>
    public string DpkgStatus => System.IO.Path.Combine(Path, "var", "lib", "dpkg", "status");

    /// <summary>
    /// <c>dpkg --install</c> of <paramref name="deb"/> (a first install, or an upgrade of what is there), with the
    /// maintainer scripts run outside the root; fails the test unless dpkg succeeds. Returns dpkg's output.
    /// </summary>
    public async Task<string> InstallAsync(string deb)
    {
        // --force-confdef --force-confold: dpkg never stops to ask (there is no terminal); a conffile the administrator
        // changed is kept, as the default answer does.
        var (code, output) = await PackageFixture.RunAsync("dpkg",
            [$"--root={Path}", "--force-depends", "--force-script-chrootless", "--force-confdef", "--force-confold", "--install", deb],
            TimeSpan.FromMinutes(2), Stubs.Environment);
        Assert.True(code == 0, $"dpkg --install ({code}):\n{output}");
        return output;
    }

    public void Dispose()
    {
        Stubs.Dispose();
        _folder.Dispose();
    }
}
