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

    /// <summary>A port outside the ephemeral range that was free on 127.0.0.1 a moment ago.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Low, High);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
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
