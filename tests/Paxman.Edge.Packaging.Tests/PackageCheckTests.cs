using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>Debian's own checks: systemd-analyze verify on the unit in the installed tree, and lintian on the package.</summary>
[Collection(SharedPackage.Name)]
public sealed class PackageCheckTests(PackageFixture package)
{
    [Fact]
    public async Task SystemdAnalyzeVerify_UnitInInstalledTree_ReportsNothing()
    {
        using var root = new TempFolder("paxman-verify-root");
        await CopyTreeAsync(package.Tree, root.Path);
        // The unit's default dependencies (sysinit.target, ...) come from this machine's systemd.
        var units = Path.Combine(root.Path, "lib", "systemd", "system");
        foreach (var target in Directory.GetFiles("/lib/systemd/system", "*.target"))
        {
            var copy = Path.Combine(units, Path.GetFileName(target));
            if (!File.Exists(copy))
            {
                File.Copy(target, copy);
            }
        }

        var (code, output) = await PackageFixture.RunAsync("systemd-analyze",
            ["verify", "--man=no", $"--root={root.Path}", "/lib/systemd/system/paxman-edge.service"], TimeSpan.FromSeconds(60));

        // verify exits 0 on an unknown key or a bad value and only warns: any output is a finding.
        Assert.True(code == 0 && output.Trim().Length == 0, $"systemd-analyze verify ({code}):\n{output}");
    }

    [Fact]
    public async Task Lintian_Package_ReportsNoError()
    {
        var (code, output) = await PackageFixture.RunAsync("lintian", ["--allow-root", "--tag-display-limit", "0", package.Deb], TimeSpan.FromMinutes(3));

        var errors = output.Split('\n').Where(l => l.StartsWith("E: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"lintian errors:\n{string.Join('\n', errors)}\n--- all ---\n{output}");
        // lintian exits 0 with warnings alone, 1 on an error, 2 when it could not run.
        Assert.True(code == 0, $"lintian exited {code}:\n{output}");
    }

    private static async Task CopyTreeAsync(string from, string to)
    {
        var (code, output) = await PackageFixture.RunAsync("cp", ["-a", from + "/.", to], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
    }
}
