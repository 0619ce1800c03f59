using System.Net.Sockets;

namespace Paxman.Edge.TestKit;

/// <summary>
/// A real Mosquitto broker on a free loopback port with its own config file, stopped by PID.
/// Mosquitto has no service manager here; run as root it drops to the <c>mosquitto</c> user, so its files
/// live in a folder that user can read.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly ChildProcess _process;

    private MosquittoBroker(TempFolder folder, ChildProcess process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the broker logged (connections, Will deliveries, errors).</summary>
    public string Log => _process.Output;

    /// <summary>Starts a broker and waits until it accepts TCP connections.</summary>
    /// <param name="extraConfig">Extra mosquitto.conf lines (for example <c>allow_anonymous false</c> with a password file).</param>
    /// <param name="port">The port; a free one if null (give the old one to restart a broker in place).</param>
    /// <param name="security">Accounts, an ACL and TLS in place of the anonymous plain listener (README, "Broker security").</param>
    public static async Task<MosquittoBroker> StartAsync(IEnumerable<string>? extraConfig = null, int? port = null, MosquittoSecurity? security = null)
    {
        var folder = new TempFolder("paxman-mosquitto");
        File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var listenPort = port ?? FreePort.Next();
        var config = folder.File("mosquitto.conf");
        var lines = new List<string>
        {
            $"listener {listenPort} 127.0.0.1",
            "persistence false",
            "log_dest stderr",
            "log_type all",
            "connection_messages true",
        };
        if (security is null)
        {
            lines.Add("allow_anonymous true");
        }
        else
        {
            lines.AddRange(await security.WriteConfigAsync(folder));
        }

        lines.AddRange(extraConfig ?? []);
        await File.WriteAllLinesAsync(config, lines);

        var process = ChildProcess.Start("mosquitto", ["-c", config]);
        var broker = new MosquittoBroker(folder, process, listenPort);
        await broker.WaitUntilListeningAsync(TimeSpan.FromSeconds(10));
        return broker;
    }

    /// <summary>The path of a file in the broker's own folder, for password or ACL files.</summary>
    public string FilePath(string name) => _folder.File(name);

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

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited at start:\n{_process.Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet: poll again shortly (waiting for a real process, not for time to pass).
                await Task.Delay(50);
            }
        }
    }
}
