using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Engine.Publishing;

/// <summary>
/// The service's live publisher: <see cref="LiveMessages"/> built on the engine's thread go into slots (the newest
/// telemetry, each channel's newest state) that a loop of its own publishes, so the tick never waits on the network.
/// Offline, telemetry is dropped; each channel's newest state is kept and published (retained) once connected again.
/// </summary>
public sealed partial class LivePublisher : BackgroundService
{
    private readonly MqttConnection _connection;
    private readonly MqttTransport _transport;
    private readonly LiveMessages _messages;
    private readonly ILogger<LivePublisher> _logger;
    private readonly Lock _gate = new();
    private readonly TransportMessage?[] _channels = new TransportMessage?[CapChannels.All.Count];
    private readonly TransportMessage?[] _sent = new TransportMessage?[CapChannels.All.Count];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Action<TransportMessage> _sink;
    private TransportMessage? _telemetry;

    public LivePublisher(MqttConnection connection, TimeProvider time, ILogger<LivePublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _ = time;
        _connection = connection;
        _transport = new MqttTransport(connection);
        _messages = new LiveMessages(connection.Topics);
        _logger = logger;
        _sink = Take;
        connection.Connected += () =>
        {
            lock (_gate)
            {
                // The broker may have lost its retained messages: each channel's newest state goes again.
                for (var i = 0; i < _channels.Length; i++)
                {
                    _channels[i] ??= _sent[i];
                }
            }

            Wake();
        };
    }

    /// <summary>Telemetry messages published since start.</summary>
    public long TelemetrySent { get; private set; }

    /// <summary>Channel states published since start.</summary>
    public long ChannelsSent { get; private set; }

    /// <summary>Engine thread: this tick's live messages go to the slots.</summary>
    public void OnTick(TickEngine engine, TickOutput produced) => _messages.OnTick(engine, produced, _sink);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                await PublishAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Take(TransportMessage message)
    {
        lock (_gate)
        {
            if (message.QualityOfService == 0)
            {
                _telemetry = message;
            }
            else
            {
                _channels[message.Topic.EndsWith("/A", StringComparison.Ordinal) ? 0 : 1] = message;
            }
        }

        Wake();
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        TransportMessage? telemetry;
        lock (_gate)
        {
            telemetry = _telemetry;
            _telemetry = null;
        }

        if (!_transport.IsConnected)
        {
            // Telemetry is not queued; channel states wait in their slots for the connection.
            return;
        }

        for (var i = 0; i < _channels.Length; i++)
        {
            TransportMessage? state;
            lock (_gate)
            {
                state = _channels[i];
                _channels[i] = null;
            }

            if (state is not { } message)
            {
                continue;
            }

            var outcome = await _transport.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (outcome is PublishOutcome.Delivered or PublishOutcome.NoMatchingSubscribers)
                {
                    _sent[i] = message;
                    ChannelsSent++;
                }
                else
                {
                    // Not taken: kept unless a newer state came meanwhile.
                    _channels[i] ??= message;
                    var reason = outcome.ToString();
                    LogChannelNotSent(_logger, message.Topic, reason);
                }
            }
        }

        if (telemetry is { } t && await _transport.PublishAsync(t, cancellationToken).ConfigureAwait(false) == PublishOutcome.Delivered)
        {
            TelemetrySent++;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel state on {Topic} not taken ({Outcome}); kept for the next try")]
    private static partial void LogChannelNotSent(ILogger logger, string topic, string outcome);
}
