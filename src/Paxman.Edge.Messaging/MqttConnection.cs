using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using Paxman.Edge.Core;
using Polly;
using Polly.Retry;
using Paxman.Edge.Core.State;

namespace Paxman.Edge.Messaging;

/// <summary>
/// The connection manager (README, "The connection manager"): the unit's one MQTT 5 connection. MQTTnet 5 has no
/// managed client, so this keeps it alive itself: a loop that pings while connected and, when not, reconnects through
/// a Polly retry with exponential backoff and jitter capped at 30 s (never from the Disconnected event, which can
/// deadlock). The client id is the stable <c>paxman-{unitId}</c> with clean start off and a session expiry, so the
/// broker keeps the unit's session (its subscriptions and QoS 1 messages for it) across a reconnect. Each connection
/// carries a retained Will of <c>online:false</c> on <c>status</c> and starts by publishing the retained
/// <c>online:true</c>; a clean stop publishes <c>online:false</c> before disconnecting. Every operation has an explicit
/// timeout. It is also the unit's <see cref="IBrokerStatus"/>: connected, and the records backlog its publisher reports.
/// </summary>
public sealed partial class MqttConnection : BackgroundService, IBrokerStatus
{
    /// <summary>Connect, publish, subscribe, ping and disconnect each give up after this (MQTTnet's default is 100 s).</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>MQTT keep-alive: the broker drops the unit (and sends its Will) after 1.5 times this without a packet.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How long the broker keeps the unit's session after it goes away (MQTT 5 Session Expiry Interval).</summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(1);

    /// <summary>The first reconnect delay; each further one doubles (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two connection attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly MqttOptions _options;
    private readonly UnitIdentity _identity;
    private readonly MqttTopics _topics;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly List<string> _subscriptions = [];
    private readonly ResiliencePipeline<bool> _reconnect;
    private readonly Lock _backlogLock = new();
    private volatile bool _online;
    private bool _everConnected;
    private int _backlog;
    private DateTimeOffset? _oldestUndelivered;
    private long _attempts;

    public MqttConnection(IOptions<MqttOptions> options, UnitIdentity identity, TimeProvider time, ILogger<MqttConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        _options = options.Value;
        _identity = identity;
        _topics = new MqttTopics(identity.UnitId);
        _time = time;
        _logger = logger;
        ClientId = $"paxman-{identity.UnitId}";
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;

        // Polly's retry with exponential backoff and jitter (decorrelated jitter around the doubling delay), capped at
        // 30 s, forever: a unit waits for its broker as long as it takes. The delays run on the injected clock.
        _reconnect = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && !args.Outcome.Result),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstBackoff,
                MaxDelay = MaxBackoff,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    LogRetrying(_logger, _options.Broker, _options.Port, args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, Backlog);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Raised on MQTTnet's receive loop for each message on a subscribed topic. Handlers must not publish and wait
    /// there (the PUBACK would never be read): they hand the message to a queue of their own.
    /// </summary>
    public event Action<MqttApplicationMessage>? MessageReceived;

    /// <summary>Raised (on the connection's loop) after each accepted (re)connect, once status is online: publishers resume.</summary>
    public event Action? Connected;

    /// <summary>The reconnect policy (Polly): exponential backoff with jitter, capped at <see cref="MaxBackoff"/>.</summary>
    public ResiliencePipeline<bool> ReconnectPipeline => _reconnect;

    /// <summary>The stable client id, <c>paxman-{unitId}</c>.</summary>
    public string ClientId { get; }

    /// <summary>Connection attempts made since start (the first included).</summary>
    public long ConnectAttempts => Interlocked.Read(ref _attempts);

    /// <summary>Adds a topic filter (QoS 1) subscribed on every (re)connect; call before the service starts.</summary>
    public void Subscribe(string topicFilter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicFilter);
        _subscriptions.Add(topicFilter);
    }

    /// <inheritdoc />
    public bool IsConnected => _online && _client.IsConnected;

    /// <inheritdoc />
    public int Backlog
    {
        get
        {
            lock (_backlogLock)
            {
                return _backlog;
            }
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? OldestUndeliveredAt
    {
        get
        {
            lock (_backlogLock)
            {
                return _oldestUndelivered;
            }
        }
    }

    /// <summary>The records publisher reports the records outbox: how many wait, and when the oldest ended.</summary>
    public void ReportBacklog(int count, DateTimeOffset? oldestUndeliveredAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int before;
        lock (_backlogLock)
        {
            before = _backlog;
            _backlog = count;
            _oldestUndelivered = count == 0 ? null : oldestUndeliveredAt;
        }

        if (before == 0 && count > 0)
        {
            LogBacklogWaiting(_logger, count, oldestUndeliveredAt is { } at ? UtcStamp.ToText(at) : "unknown");
        }
        else if (before > 0 && count == 0)
        {
            LogBacklogEmpty(_logger);
        }
        else if (before != count)
        {
            LogBacklogChanged(_logger, count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var healthy = _online && await PingAsync(stoppingToken);
                if (!healthy)
                {
                    if (_online)
                    {
                        _online = false;
                        LogLost(_logger, _options.Broker, _options.Port, Backlog);
                    }

                    await _reconnect.ExecuteAsync(TryConnectAsync, stoppingToken);
                }

                await Task.Delay(CheckInterval, _time, stoppingToken);
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

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OperationTimeout);
        try
        {
            return await _client.TryPingAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async ValueTask<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
            }

            MqttClientConnectResult result;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(OperationTimeout);
                result = await _client.ConnectAsync(BuildClientOptions(), timeout.Token);
            }

            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                // ConnectAsync does not throw on a refused CONNACK.
                LogRefused(_logger, _options.Broker, _options.Port, result.ResultCode.ToString());
                return false;
            }

            using var operation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            operation.CancelAfter(OperationTimeout);
            await PublishStatusAsync(online: true, operation.Token);
            foreach (var topic in _subscriptions)
            {
                var subscribed = await _client.SubscribeAsync(
                    new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), operation.Token);
                if (subscribed.Items.Any(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
                {
                    throw new InvalidOperationException($"the broker refused the subscription to {topic}");
                }
            }

            _online = true;
            LogConnected(_logger, _options.Broker, _options.Port, ClientId, result.IsSessionPresent, Backlog);
            if (_everConnected && !result.IsSessionPresent)
            {
                LogSessionLost(_logger, _options.Broker, _options.Port);
            }

            _everConnected = true;
            Connected?.Invoke();
            return true;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException
                                       or System.Net.Sockets.SocketException or IOException or System.Security.Cryptography.CryptographicException
                                       or ObjectDisposedException or NullReferenceException)
        {
            // MQTTnet 5.2's MqttClient.Send reads its channel adapter, which a disconnect in between sets to null: a
            // NullReferenceException from a request (seen in ShutdownOrderTests) means the connection went away.
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
            .WithClientId(ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            .WithTimeout(OperationTimeout)
            .WithKeepAlivePeriod(KeepAlive)
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

                // Read on each connect: a certificate renewed on disk is used from the next reconnect on.
                if (_options.LoadClientCertificate() is { } certificate)
                {
                    tls.WithClientCertificates([certificate]);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to MQTT broker {Broker}:{Port} as {ClientId} (session present: {SessionPresent}); status online; {Backlog} records waiting")]
    private static partial void LogConnected(ILogger logger, string broker, int port, string clientId, bool sessionPresent, int backlog);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the MQTT broker {Broker}:{Port}; reconnecting with backoff up to 30 s; {Backlog} records waiting")]
    private static partial void LogLost(ILogger logger, string broker, int port, int backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker {Broker}:{Port} had no session for the unit (it expired or the broker lost it); subscriptions made again")]
    private static partial void LogSessionLost(ILogger logger, string broker, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT broker {Broker}:{Port}: connection attempt {Attempt} in {DelaySeconds:0.0} s; {Backlog} records waiting")]
    private static partial void LogRetrying(ILogger logger, string broker, int port, int attempt, double delaySeconds, int backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Records outbox: {Count} records waiting for delivery, the oldest ended at {Oldest}")]
    private static partial void LogBacklogWaiting(ILogger logger, int count, string oldest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Records outbox: {Count} records waiting")]
    private static partial void LogBacklogChanged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Records outbox: every record delivered")]
    private static partial void LogBacklogEmpty(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Broker}:{Port} refused the connection: {Reason}; retrying")]
    private static partial void LogRefused(ILogger logger, string broker, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Broker}:{Port} unreachable: {Reason}; retrying")]
    private static partial void LogUnreachable(ILogger logger, string broker, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish offline status before stopping: {Reason}")]
    private static partial void LogOfflineNotSent(ILogger logger, string reason);
}
