using System.Net.Sockets;
using System.Text;

namespace Paxman.Edge.Engine.Tests.Watchdog;

/// <summary>
/// Plays systemd's side of NOTIFY_SOCKET: a real Unix datagram socket, bound to a path or to an abstract name.
/// </summary>
/// <remarks>
/// <see cref="Drain"/> answers "what has arrived so far" without sleeping: it sends a marker datagram of its own and
/// reads up to it. A Unix datagram socket queues datagrams in the order they were sent, so everything the code
/// under test sent before <see cref="Drain"/> was called is read, and nothing that was not sent can be waited for.
/// </remarks>
internal sealed class NotifySocketListener : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly byte[] _buffer = new byte[4096];

    private NotifySocketListener(string notifySocket, UnixDomainSocketEndPoint endPoint)
    {
        NotifySocket = notifySocket;
        _endPoint = endPoint;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds,
        };
        _socket.Bind(endPoint);
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string NotifySocket { get; }

    /// <summary>Binds a socket file at <paramref name="path"/>.</summary>
    public static NotifySocketListener AtPath(string path) => new(path, new UnixDomainSocketEndPoint(path));

    /// <summary>Binds <paramref name="name"/> in the abstract namespace; NOTIFY_SOCKET is "@name".</summary>
    public static NotifySocketListener Abstract(string name) => new("@" + name, new UnixDomainSocketEndPoint("\0" + name));

    /// <summary>Every datagram that has arrived since the last drain, in order.</summary>
    public IReadOnlyList<string> Drain()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        using (var sender = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            sender.SendTo(Encoding.UTF8.GetBytes(marker), _endPoint);
        }

        var received = new List<string>();
        while (true)
        {
            // Bounded by ReceiveTimeout: a lost marker fails the test instead of hanging it.
            var length = _socket.Receive(_buffer);
            var datagram = Encoding.UTF8.GetString(_buffer, 0, length);
            if (datagram == marker)
            {
                return received;
            }

            received.Add(datagram);
        }
    }

    public void Dispose() => _socket.Dispose();
}
