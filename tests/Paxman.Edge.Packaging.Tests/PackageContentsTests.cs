namespace Paxman.Edge.Packaging.Tests;

/// <summary>What the package holds: files, modes, owners, control files and the unit's directives.</summary>
[Collection(SharedPackage.Name)]
public sealed class PackageContentsTests(PackageFixture package)
{
    public static TheoryData<string, string> Files => new()
    {
        { "/usr/lib/paxman-edge/Paxman.Edge.Service", "-rwxr-xr-x" },
        { "/usr/lib/paxman-edge/Paxman.Edge.Service.dll", "-rw-r--r--" },
        { "/usr/lib/paxman-edge/appsettings.json", "-rw-r--r--" },
        { "/usr/lib/paxman-edge/wwwroot/index.html", "-rw-r--r--" },
        { "/usr/lib/paxman-edge/libcoreclr.so", "-rw-r--r--" },
        { "/lib/systemd/system/paxman-edge.service", "-rw-r--r--" },
        { "/lib/udev/rules.d/60-paxman-edge.rules", "-rw-r--r--" },
        { "/etc/paxman-edge/appsettings.json", "-rw-r--r--" },
        { "/usr/share/doc/paxman-edge/copyright", "-rw-r--r--" },
        { "/usr/share/doc/paxman-edge/changelog.gz", "-rw-r--r--" },
        { "/usr/share/lintian/overrides/paxman-edge", "-rw-r--r--" },
        { "/var/lib/paxman-edge", "drwxr-xr-x" },
        { "/etc/paxman-edge", "drwxr-xr-x" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Package_HoldsFile_WithItsMode(string path, string mode)
    {
        Assert.True(package.Entries.TryGetValue(path, out var entry), $"{path} is not in the package");
        Assert.Equal(mode, entry.Mode);
    }

    [Fact]
    public void Package_EveryEntry_IsOwnedByRoot()
    {
        var notRoot = package.Entries.Values.Where(e => e.Owner != "root/root").Select(e => $"{e.Path} {e.Owner}").ToList();
        Assert.True(package.Entries.Count > 100, $"only {package.Entries.Count} entries");
        Assert.Empty(notRoot);
    }

    [Fact]
    public void Package_SharedLibrariesAndFolders_HaveDebianModes()
    {
        var wrong = package.Entries.Values
            .Where(e => (e.IsDirectory && e.Mode != "drwxr-xr-x") || (e.Path.EndsWith(".so", StringComparison.Ordinal) && e.Mode != "-rw-r--r--"))
            .Select(e => $"{e.Path} {e.Mode}")
            .ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void Package_IsSelfContained_WithoutDebugSymbols()
    {
        Assert.Contains("/usr/lib/paxman-edge/libhostfxr.so", package.Entries.Keys);
        Assert.Contains("/usr/lib/paxman-edge/System.Private.CoreLib.dll", package.Entries.Keys);
        Assert.DoesNotContain(package.Entries.Keys, path => path.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_NamesPackageArchitectureAndDependencies()
    {
        var control = ControlFields(File.ReadAllText(Path.Combine(package.ControlDir, "control")));
        Assert.Equal("paxman-edge", control["Package"]);
        Assert.Equal("amd64", control["Architecture"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", control["Version"]);
        Assert.Contains("adduser", control["Depends"], StringComparison.Ordinal);
        Assert.True(int.Parse(control["Installed-Size"], System.Globalization.CultureInfo.InvariantCulture) > 50_000, "Installed-Size in KiB");
    }

    [Fact]
    public void Conffiles_AreExactlyTheUnitsConfiguration()
    {
        var conffiles = File.ReadAllLines(Path.Combine(package.ControlDir, "conffiles")).Where(l => l.Length > 0);
        Assert.Equal(["/etc/paxman-edge/appsettings.json"], conffiles);
    }

    [Fact]
    public void InstalledConfiguration_HoldsNoSecret_AndPointsAtTheDataFolder()
    {
        var text = File.ReadAllText(Path.Combine(package.Tree, "etc", "paxman-edge", "appsettings.json"));
        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("/var/lib/paxman-edge", json.RootElement.GetProperty("Storage").GetProperty("Path").GetString());
        Assert.Equal("Serial", json.RootElement.GetProperty("Hardware").GetProperty("Mode").GetString());
        Assert.DoesNotContain("Password\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PatientRefKey", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Directives => new()
    {
        { "Type", "notify" },
        { "WatchdogSec", "2s" },
        { "Restart", "always" },
        { "RestartPreventExitStatus", "2 3" },
        { "ExecStart", "/usr/lib/paxman-edge/Paxman.Edge.Service" },
        { "Environment", "PAXMAN_EDGE_CONFIG=/etc/paxman-edge/appsettings.json" },
        { "User", "paxman-edge" },
        { "SupplementaryGroups", "dialout gpio spi" },
        { "ProtectSystem", "strict" },
        { "ReadWritePaths", "/var/lib/paxman-edge" },
        { "NoNewPrivileges", "yes" },
        { "PrivateTmp", "yes" },
        { "DevicePolicy", "closed" },
        { "DeviceAllow", "/dev/ttyAMA0 rw" },
        { "DeviceAllow", "/dev/gpiochip0 rw" },
        { "DeviceAllow", "/dev/spidev0.0 rw" },
        { "WantedBy", "multi-user.target" },
    };

    [Theory]
    [MemberData(nameof(Directives))]
    public void Unit_HasDirective(string key, string value)
    {
        var unit = File.ReadAllLines(Path.Combine(package.Tree, "lib", "systemd", "system", "paxman-edge.service"));
        var values = unit.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..].Trim()).ToList();
        Assert.Contains(value, values);
    }

    [Fact]
    public void Unit_InPackage_IsTheTrackedUnitFile()
    {
        var tracked = File.ReadAllText(Path.Combine(TestKit.RepoPaths.Root, "src", "packaging", "paxman-edge.service"));
        Assert.Equal(tracked, File.ReadAllText(Path.Combine(package.Tree, "lib", "systemd", "system", "paxman-edge.service")));
    }

    [Theory]
    [InlineData("postinst")]
    [InlineData("prerm")]
    [InlineData("postrm")]
    public async Task MaintainerScript_IsExecutableValidShell(string script)
    {
        var path = Path.Combine(package.ControlDir, script);
        Assert.True(File.Exists(path), $"{script} missing");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(path));
        Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(path), StringComparison.Ordinal);
        var (code, output) = await PackageFixture.RunAsync("sh", ["-n", path], TimeSpan.FromSeconds(10));
        Assert.True(code == 0, output);
    }

    private static Dictionary<string, string> ControlFields(string control) =>
        control.Split('\n')
            .Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
}
