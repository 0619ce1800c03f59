using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using Paxman.Edge.Core;

namespace Paxman.Edge.Messaging;

/// <summary>
/// MQTTnet's broker, in-process on 127.0.0.1 (<c>Mqtt:Broker=embedded</c>), so a fresh unit works with no set-up,
/// with persistent sessions so that a newcomer can watch records with <c>mosquitto_sub</c> (README, "The embedded
/// broker"). Nothing in the unit depends on it: every other broker is reached the same way.
/// Registered before <see cref="MqttConnection"/>: hosted services stop in reverse order, so the unit's own
/// client says "offline" before the broker goes.
/// </summary>
public sealed partial class EmbeddedMqttBroker : IHostedService, IDisposable
{
    private readonly MqttServer _server;
    private readonly int _port;
    private readonly ILogger<EmbeddedMqttBroker> _logger;

    public EmbeddedMqttBroker(IOptions<MqttOptions> options, ILogger<EmbeddedMqttBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _port = options.Value.Port;
        _logger = logger;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(_port)
            // Persistent sessions: a consumer that connects without clean start and with a session expiry (for
            // example `mosquitto_sub -c -x 86400 -i billing`) keeps its subscription while away and gets the records
            // published meanwhile; and a record published with such a session present is answered Success, not
            // NoMatchingSubscribers. Sessions live in memory: they end with the unit's process.
            .WithPersistentSessions()
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new StartupException(
                $"the embedded MQTT broker cannot listen on 127.0.0.1:{_port}: the port is already in use (is another Paxman Edge running? set Mqtt:Port, or Mqtt:Broker to use that broker)", ex);
        }

        LogStarted(_logger, _port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    public void Dispose() => _server.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on 127.0.0.1:{Port}")]
    private static partial void LogStarted(ILogger logger, int port);
}
