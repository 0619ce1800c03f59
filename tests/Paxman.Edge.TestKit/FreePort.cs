using System.Net;
using System.Net.Sockets;

namespace Paxman.Edge.TestKit;

/// <summary>Free loopback TCP ports for servers a test starts.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 and then released.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
