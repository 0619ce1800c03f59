using System.Net;
using System.Net.Sockets;

namespace Paxman.Edge.TestKit;

/// <summary>
/// A TCP proxy on a free loopback port in front of a real broker, to break connections where a test needs them:
/// <see cref="HoldReplies"/> drops what the broker sends back (so a PUBLISH reaches the broker and its PUBACK never
/// reaches the client), and <see cref="Cut"/> closes every connection at once, as a pulled cable would.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>While true, bytes from the broker to the client are read and thrown away.</summary>
    public bool HoldReplies { get; set; }

    /// <summary>Bytes from the client that reached the broker since start.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    private long _forwarded;

    /// <summary>Closes every open connection (new ones are accepted again); replies flow again afterwards.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            foreach (var client in _open)
            {
                try
                {
                    // A reset, not a polite close: the client learns of it only by failing.
                    if (client.Client is { } socket)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // Already closed by its other side.
                }

                client.Dispose();
            }

            _open.Clear();
        }

        HoldReplies = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PumpAsync(client, upstream, toBroker: true);
            _ = PumpAsync(upstream, client, toBroker: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toBroker)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (!toBroker && HoldReplies)
                {
                    continue;
                }

                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (toBroker)
                {
                    Interlocked.Add(ref _forwarded, read);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The other side or a cut closed it.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
