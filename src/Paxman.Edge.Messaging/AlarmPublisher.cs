using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Messaging;

/// <summary>
/// Publishes alarm changes on <c>.../alarms</c>, QoS 1, from a queue of their own (CONTRACT section 3: alarms never
/// wait behind records). The engine hands changes over without blocking; they go out in order, each retried until
/// the broker acknowledges it; one raised while the broker was unreachable is flagged <c>historical</c>.
/// Until the journal exists the queue lives in memory (bounded; the oldest change is dropped, and counted, if a
/// broker stays away for thousands of changes).
/// </summary>
public sealed partial class AlarmPublisher : BackgroundService
{
    public const int Capacity = 10_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly MqttConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmPublisher> _logger;
    private readonly Channel<AlarmMessage> _queue;
    private long _dropped;

    public AlarmPublisher(MqttConnection connection, TimeProvider time, ILogger<AlarmPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<AlarmMessage>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Changes waiting to be published.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Changes dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Changes the broker acknowledged.</summary>
    public long Published { get; private set; }

    /// <summary>Called on the engine's thread for each change; never blocks.</summary>
    public void Enqueue(in AlarmChange change) => _queue.Writer.TryWrite(AlarmMessage.From(change, historical: !_connection.IsConnected));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_queue.Reader.TryPeek(out var alarm))
                {
                    if (await PublishAsync(alarm, stoppingToken))
                    {
                        _queue.Reader.TryRead(out _);
                        Published++;
                    }
                    else
                    {
                        await Task.Delay(RetryDelay, _time, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; what is left is lost with the process until the journal keeps it.
        }
    }

    private async Task<bool> PublishAsync(AlarmMessage alarm, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_connection.Topics.Alarms)
            .WithPayload(alarm.Encode())
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _connection.TryPublishAsync(message, cancellationToken);

        // Any PUBACK the broker gives means it has the message; for alarms NoMatchingSubscribers is fine (no
        // monitor is listening), unlike session records, which wait for a consumer.
        if (result is { IsSuccess: true })
        {
            return true;
        }

        if (result is not null)
        {
            LogRefused(_logger, alarm.Code, result.ReasonCode.ToString());
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused alarm {Code}: {Reason}; retrying")]
    private static partial void LogRefused(ILogger logger, string code, string reason);
}
