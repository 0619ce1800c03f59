using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging;

/// <summary>
/// Publishes alarm changes on <c>.../alarms</c>, QoS 1, from the journal's alarms outbox (README, "MQTT"): a queue of
/// their own, apart from records, so alarms never wait behind them, and durable, so no alarm change is lost across a
/// restart. Changes go out in order, each retried until the broker acknowledges it, then marked delivered; one
/// raised while the broker was unreachable carries <c>historical: true</c> (decided when it was journaled).
/// </summary>
public sealed partial class AlarmPublisher : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly MqttConnection _connection;
    private readonly IJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmPublisher> _logger;
    // Never disposed: the loop may still wait on it while the host disposes this service (a SemaphoreSlim whose
    // AvailableWaitHandle is never used holds nothing that needs releasing).
    private readonly SemaphoreSlim _wake = new(0, 1);

    public AlarmPublisher(MqttConnection connection, IJournal journal, TimeProvider time, ILogger<AlarmPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(journal);
        _connection = connection;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    /// <summary>Changes the broker acknowledged.</summary>
    public long Published { get; private set; }

    /// <summary>New alarm changes were journaled (engine thread): look at the outbox soon. Never blocks.</summary>
    public void Notify()
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var delivered = await DrainAsync(stoppingToken);
                if (!delivered)
                {
                    // Nothing to send, or the broker refused: wait for new changes or the next retry.
                    using var retry = new CancellationTokenSource(Poll, _time);
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(retry.Token, stoppingToken);
                    try
                    {
                        await _wake.WaitAsync(either.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The retry interval passed.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; what is left stays in the journal's outbox for the next start.
        }
    }

    // Publishes the outbox in order; true when at least one change went out and more may wait.
    private async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var pending = _journal.PendingAlarms(Batch);
        var any = false;
        foreach (var alarm in pending)
        {
            if (!await PublishAsync(alarm, cancellationToken))
            {
                return false;
            }

            _journal.MarkAlarmDelivered(alarm.Sequence);
            Published++;
            any = true;
        }

        return any && pending.Count == Batch;
    }

    private async Task<bool> PublishAsync(StoredAlarm alarm, CancellationToken cancellationToken)
    {
        var payload = new AlarmMessage(alarm.AlarmId, alarm.Code, alarm.Priority, alarm.State, alarm.Channel, alarm.At, alarm.Message, alarm.Historical);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_connection.Topics.Alarms)
            .WithPayload(payload.Encode())
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
