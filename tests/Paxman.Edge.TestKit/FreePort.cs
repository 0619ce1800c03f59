using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Paxman.Edge.TestKit;

/// <summary>Free loopback TCP ports for servers a test starts.</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port handed out there for bind(0) can be taken by any
    // outgoing connection of a test running in parallel before the server binds it.
    private const int Low = 20000;
    private const int High = 32000;

    // A port is handed out once per test process: two servers started side by side must not be given the same one.
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A port outside the ephemeral range that was free on 127.0.0.1 a moment ago, and not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Low, High);
            if (!HandedOut.TryAdd(port, true))
            {
                continue;
            }

            // Probed without SO_REUSEADDR, as the servers bind: .NET's TcpListener sets it on Linux, and would call a
            // port free while connections of an earlier server linger on it in TIME_WAIT, which the server's bind refuses.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                probe.Listen();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free port between {Low} and {High}");
    }
}
