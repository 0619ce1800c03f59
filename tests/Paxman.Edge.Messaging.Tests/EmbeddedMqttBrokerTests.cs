using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Messaging;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests;

public sealed class EmbeddedMqttBrokerTests : TestEnvironment
{
    [Fact]
    public async Task StartAsync_FreePort_AcceptsTheRealMosquittoClients()
    {
        var port = FreePort.Next();
        using var broker = new EmbeddedMqttBroker(Options.Create(new MqttOptions { Port = port }), LoggerFor<EmbeddedMqttBroker>());
        await broker.StartAsync(TestContext.Current.CancellationToken);

        await using var sub = await MosquittoClients.SubscribeAsync(port, "t/#");
        await using var pub = ChildProcess.Start("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-i", "test-pub", "-t", "t/1", "-m", "hello", "-r", "-q", "1"]);
        Assert.Equal(0, await pub.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("t/1 hello", await sub.WaitForLineAsync(l => l.StartsWith("t/1", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        await broker.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsStartupExceptionNamingThePort()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        using var broker = new EmbeddedMqttBroker(Options.Create(new MqttOptions { Port = port }), LoggerFor<EmbeddedMqttBroker>());

        var ex = await Assert.ThrowsAsync<StartupException>(() => broker.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", ex.Message, StringComparison.Ordinal);
    }
}
