using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary>Plays systemd's side of NOTIFY_SOCKET for a service process: every datagram with when it arrived.</summary>
internal sealed class NotifyRecorder : IAsyncDisposable
{
    private readonly TempFolder _folder = new("paxman-notify");
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(TimeSpan At, string Message)> _received = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;

    public NotifyRecorder()
    {
        Path = _folder.File("notify.sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _reader = ReadAsync();
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    /// <summary>Time since the recorder started, on the clock <see cref="Pings"/> are stamped with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>When each <c>WATCHDOG=1</c> arrived.</summary>
    public IReadOnlyList<TimeSpan> Pings => _received.Where(r => r.Message.Contains("WATCHDOG=1", StringComparison.Ordinal)).Select(r => r.At).ToList();

    public bool ReadySeen => _received.Any(r => r.Message.Contains("READY=1", StringComparison.Ordinal));

    /// <summary>Environment variables for the service: this socket and a watchdog of <paramref name="watchdog"/>.</summary>
    public Dictionary<string, string?> Environment(TimeSpan watchdog) => new()
    {
        ["NOTIFY_SOCKET"] = Path,
        ["WATCHDOG_USEC"] = ((long)watchdog.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
            // The reader ends by cancellation.
        }

        _socket.Dispose();
        _stop.Dispose();
        _folder.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            _received.Enqueue((_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, length)));
        }
    }
}
