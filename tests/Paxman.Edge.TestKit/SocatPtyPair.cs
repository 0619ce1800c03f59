namespace Paxman.Edge.TestKit;

/// <summary>
/// Two connected pseudo-terminals made by socat, standing in for a serial cable between the host and the MCU:
/// what is written to one end is read at the other. Ended by PID on dispose. Either end may be closed and
/// opened again (a process restarted on it) without ending the pair (<c>ignoreeof</c>).
/// </summary>
public sealed class SocatPtyPair : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly ChildProcess _process;

    private SocatPtyPair(TempFolder folder, ChildProcess process)
    {
        _folder = folder;
        _process = process;
        HostEnd = folder.File("host");
        McuEnd = folder.File("mcu");
    }

    /// <summary>The end the host opens (a link to /dev/pts/N).</summary>
    public string HostEnd { get; }

    /// <summary>The end the MCU (emulator) opens.</summary>
    public string McuEnd { get; }

    /// <param name="niceness">Run socat at this nice value (negative: ahead of the machine's other work; as root only,
    /// else nice warns and runs it at the normal priority); 0 runs it as it is.</param>
    public static async Task<SocatPtyPair> StartAsync(int niceness = 0)
    {
        var folder = new TempFolder("paxman-pty");
        string[] socat = ["socat", "-d", "-d", $"pty,raw,echo=0,ignoreeof,link={folder.File("host")}", $"pty,raw,echo=0,ignoreeof,link={folder.File("mcu")}"];
        // nice execs socat: the PID ended on dispose is socat's.
        var process = niceness == 0
            ? ChildProcess.Start(socat[0], socat[1..])
            : ChildProcess.Start("nice", ["-n", niceness.ToString(System.Globalization.CultureInfo.InvariantCulture), .. socat]);
        var pair = new SocatPtyPair(folder, process);
        // socat logs "starting data transfer loop" once both ptys exist.
        await process.WaitForLineAsync(line => line.Contains("starting data transfer loop", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Terminate();
        try
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await _process.DisposeAsync();
            _folder.Dispose();
        }
    }
}
