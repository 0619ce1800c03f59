using System.Diagnostics;
using System.Text.RegularExpressions;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>
/// The linux-x64 package, built once per test run by <c>src/packaging/build-deb.sh --fast</c> (self-contained,
/// ReadyToRun; xz -1 to keep CI quick), with its listing, its control files and its tree extracted for the tests.
/// <c>tests/run.sh</c> builds the packages before any test runs, so that no compile competes with the timed tests, and
/// names their folder in <c>PAXMAN_EDGE_DEB_DIR</c>: a package of the wanted version found there is used as it is.
/// </summary>
public class PackageFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("paxman-deb-test");
    private readonly string? _version;

    /// <summary>The package at the tree's own version (Directory.Build.props).</summary>
    public PackageFixture()
    {
    }

    /// <summary>The package built from the same tree as <paramref name="version"/> (<c>build-deb.sh --version</c>).</summary>
    protected PackageFixture(string version)
    {
        _version = version;
    }

    /// <summary>The package's version (its control file's <c>Version</c>).</summary>
    public string Version { get; private set; } = "";

    /// <summary>The .deb file.</summary>
    public string Deb { get; private set; } = "";

    /// <summary>The package's files as dpkg-deb lists them: path → (mode and type, owner/group).</summary>
    public IReadOnlyDictionary<string, PackageEntry> Entries { get; private set; } = new Dictionary<string, PackageEntry>();

    /// <summary>The control files (DEBIAN/): control, conffiles, postinst, ...</summary>
    public string ControlDir => Path.Combine(_folder.Path, "control");

    /// <summary>The package's tree, extracted with dpkg-deb -x.</summary>
    public string Tree => Path.Combine(_folder.Path, "tree");

    /// <summary>How long building took (publish and dpkg-deb).</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>What the build printed.</summary>
    public string BuildOutput { get; private set; } = "";

    public string Folder => _folder.Path;

    public async ValueTask InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        Deb = Prebuilt(_version ?? TreeVersion()) ?? await BuildAsync();
        BuildTime = watch.Elapsed;
        var (_, listing) = await RunChecked("dpkg-deb", ["--contents", Deb]);
        Entries = PackageEntry.ParseListing(listing);
        await RunChecked("dpkg-deb", ["--control", Deb, ControlDir]);
        await RunChecked("dpkg-deb", ["--extract", Deb, Tree]);
        Version = (await RunChecked("dpkg-deb", ["--field", Deb, "Version"])).Output.Trim();
    }

    /// <summary>The version Directory.Build.props gives the tree.</summary>
    public static string TreeVersion() =>
        Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;

    private static string? Prebuilt(string version)
    {
        var folder = Environment.GetEnvironmentVariable("PAXMAN_EDGE_DEB_DIR");
        var deb = string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, $"paxman-edge_{version}_amd64.deb");
        return deb is not null && File.Exists(deb) ? deb : null;
    }

    private async Task<string> BuildAsync()
    {
        // Niced: the other test projects run alongside, and their services' ticks must not wait behind this compile.
        List<string> build = ["-n", "15", "bash", Path.Combine(RepoPaths.Root, "src", "packaging", "build-deb.sh"), "--fast", "--out", _folder.Path];
        if (_version is not null)
        {
            build.AddRange(["--version", _version]);
        }

        var (code, output) = await RunAsync("nice", build, TimeSpan.FromMinutes(8));
        BuildOutput = output;
        if (code != 0)
        {
            throw new InvalidOperationException($"build-deb.sh failed ({code}):\n{output}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a program to its end and returns its exit code and its output (stdout and stderr).</summary>
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        await using var process = ChildProcess.Start(program, arguments, workingDirectory, environment);
        var code = await process.WaitForExitAsync(timeout);
        return (code, process.Output);
    }

    private static async Task<(int Code, string Output)> RunChecked(string program, IEnumerable<string> arguments)
    {
        var result = await RunAsync(program, arguments, TimeSpan.FromMinutes(2));
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"{program} failed ({result.Code}):\n{result.Output}");
        }

        return result;
    }
}
