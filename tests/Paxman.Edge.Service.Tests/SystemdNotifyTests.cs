using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The service under a systemd-like supervisor: a real Unix datagram socket as NOTIFY_SOCKET.</summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task Service_SendsReadyOnceThenWatchdogPingsWhileTicking_AndStoppingAtShutdown()
    {
        using var folder = new TempFolder();
        var path = folder.File("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var received = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var reader = ReceiveAllAsync(socket, received, stop.Token);

        await using var service = ServiceProcess.Start(environment: new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = path,
            ["WATCHDOG_USEC"] = "1000000",
        });
        await service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(() => received.Count(m => m.Contains("WATCHDOG=1", StringComparison.Ordinal)) >= 4,
            TimeSpan.FromSeconds(10), "four watchdog pings (every 0.5 s)");
        Assert.Equal(0, await service.StopAsync());
        await Eventually.TrueAsync(() => received.Any(m => m.Contains("STOPPING=1", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "STOPPING=1");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);

        var messages = received.ToList();
        Assert.Single(messages, m => m.Contains("READY=1", StringComparison.Ordinal));
        Assert.Contains("READY=1", messages[0], StringComparison.Ordinal);
        Assert.Contains("STOPPING=1", messages[^1], StringComparison.Ordinal);
    }

    private static async Task ReceiveAllAsync(Socket socket, ConcurrentQueue<string> into, CancellationToken stop)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
            into.Enqueue(Encoding.UTF8.GetString(buffer, 0, length));
        }
    }
}
