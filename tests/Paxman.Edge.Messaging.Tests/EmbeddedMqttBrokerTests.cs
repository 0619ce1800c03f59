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
    public async Task PersistentSession_ConsumerAway_GetsTheRecordOnReturnAndThePublisherGetsSuccess()
    {
        var port = FreePort.Next();
        using var broker = new EmbeddedMqttBroker(Options.Create(new MqttOptions { Port = port }), LoggerFor<EmbeddedMqttBroker>());
        await broker.StartAsync(TestContext.Current.CancellationToken);
        var ports = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var publisher = new MQTTnet.MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("unit")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), TestContext.Current.CancellationToken);

        // Nobody subscribes yet: the broker says so, and a record would stay queued.
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, (await Publish(publisher, "first")).ReasonCode);

        // A newcomer subscribes with a persistent session, then goes away.
        await using (var sub = ChildProcess.Start("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", ports, "-V", "mqttv5", "-i", "billing", "-c", "-x", "3600", "-q", "1", "-t", "paxman/v1/+/sessions/+", "-E"]))
        {
            Assert.Equal(0, await sub.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, (await Publish(publisher, "{\"sessionId\":\"s-1\"}")).ReasonCode);

        await using var back = ChildProcess.Start("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", ports, "-V", "mqttv5", "-i", "billing", "-c", "-x", "3600", "-q", "1", "-t", "paxman/v1/+/sessions/+", "-C", "1", "-W", "10"]);
        Assert.Equal(0, await back.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal("{\"sessionId\":\"s-1\"}", back.Lines.Single());
        await broker.StopAsync(TestContext.Current.CancellationToken);
    }

    private static Task<MQTTnet.MqttClientPublishResult> Publish(MQTTnet.IMqttClient client, string payload) => client.PublishAsync(
        new MQTTnet.MqttApplicationMessageBuilder().WithTopic("paxman/v1/PX-1/sessions/s-1").WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);

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
