using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using Paxman.Edge.Core;
using Paxman.Edge.Core.State;

namespace Paxman.Edge.Messaging;

/// <summary>
/// The unit's one MQTT 5 connection. MQTTnet 5 has no managed client, so this keeps it alive itself:
/// a loop that pings while connected and reconnects with backoff when not (never from the Disconnected
/// event, which can deadlock). Each connection carries a retained Will of <c>online:false</c> and starts by
/// publishing the retained <c>online:true</c>; a clean stop publishes <c>online:false</c> before disconnecting.
/// </summary>
public sealed partial class MqttConnection : BackgroundService, IBrokerStatus
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly MqttOptions _options;
    private readonly UnitIdentity _identity;
    private readonly MqttTopics _topics;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly List<string> _subscriptions = [];
    private volatile bool _online;

    public MqttConnection(IOptions<MqttOptions> options, UnitIdentity identity, TimeProvider time, ILogger<MqttConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _identity = identity;
        _topics = new MqttTopics(identity.UnitId);
        _time = time;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
    }

    /// <summary>
    /// Raised on MQTTnet's receive loop for each message on a subscribed topic. Handlers must not publish and wait
    /// there (the PUBACK would never be read): they hand the message to a queue of their own.
    /// </summary>
    public event Action<MqttApplicationMessage>? MessageReceived;

    /// <summary>Adds a topic filter (QoS 1) subscribed on every (re)connect; call before the service starts.</summary>
    public void Subscribe(string topicFilter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicFilter);
        _subscriptions.Add(topicFilter);
    }

    /// <inheritdoc />
    public bool IsConnected => _online && _client.IsConnected;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = CheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var healthy = _online && await _client.TryPingAsync(stoppingToken);
            if (!healthy)
            {
                _online = false;
                healthy = await TryConnectAsync(stoppingToken);
            }

            backoff = healthy ? CheckInterval : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            try
            {
                await Task.Delay(healthy ? CheckInterval : backoff, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>The unit's topics.</summary>
    public MqttTopics Topics => _topics;

    /// <summary>
    /// Publishes one message on the live connection and returns the broker's answer (PUBACK for QoS 1), or null
    /// when there is no connection or it failed: the caller keeps the message and tries again later.
    /// </summary>
    public async Task<MqttClientPublishResult?> TryPublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OperationTimeout);
        try
        {
            return await _client.PublishAsync(message, timeout.Token);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_client.IsConnected)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OperationTimeout);
        try
        {
            await PublishStatusAsync(online: false, timeout.Token);
            await _client.DisconnectAsync(
                new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                timeout.Token);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The broker went first; its Will delivers the same "offline".
            LogOfflineNotSent(_logger, ex.Message);
        }

        _online = false;
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
            }

            var result = await _client.ConnectAsync(BuildClientOptions(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                // ConnectAsync does not throw on a refused CONNACK.
                LogRefused(_logger, _options.Broker, _options.Port, result.ResultCode.ToString());
                return false;
            }

            await PublishStatusAsync(online: true, cancellationToken);
            foreach (var topic in _subscriptions)
            {
                var subscribed = await _client.SubscribeAsync(
                    new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
                if (subscribed.Items.Any(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
                {
                    throw new InvalidOperationException($"the broker refused the subscription to {topic}");
                }
            }

            _online = true;
            LogConnected(_logger, _options.Broker, _options.Port);
            return true;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException
                                       or System.Net.Sockets.SocketException or IOException)
        {
            // Stopping cancels a connect in flight; that is not worth a warning.
            if (!cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, _options.Broker, _options.Port, ex.Message);
            }

            return false;
        }
    }

    private Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        MessageReceived?.Invoke(args.ApplicationMessage);
        return Task.CompletedTask;
    }

    private async Task PublishStatusAsync(bool online, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Status)
            .WithPayload(UnitStatusMessage.Encode(_identity, online))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"the broker refused the status message: {result.ReasonCode}");
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var host = _options.IsEmbedded ? "127.0.0.1" : _options.Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, _options.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId($"paxman-edge-{_identity.UnitId}")
            .WithCleanStart()
            .WithTimeout(OperationTimeout)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic(_topics.Status)
            .WithWillPayload(UnitStatusMessage.Encode(_identity, online: false))
            .WithWillContentType("application/json")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain();
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (!string.IsNullOrEmpty(_options.CaFile))
                {
                    var authority = LoadAuthority(_options.CaFile);
                    tls.WithCertificateValidationHandler(args => ChainsTo(authority, args.Certificate, args.SslPolicyErrors));
                }
            });
        }

        return builder.Build();
    }

    private static X509Certificate2Collection LoadAuthority(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private static bool ChainsTo(X509Certificate2Collection authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            // A name mismatch or no certificate at all is never accepted.
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to MQTT broker {Broker}:{Port}; status online")]
    private static partial void LogConnected(ILogger logger, string broker, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Broker}:{Port} refused the connection: {Reason}; retrying")]
    private static partial void LogRefused(ILogger logger, string broker, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Broker}:{Port} unreachable: {Reason}; retrying")]
    private static partial void LogUnreachable(ILogger logger, string broker, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish offline status before stopping: {Reason}")]
    private static partial void LogOfflineNotSent(ILogger logger, string reason);
}
