using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>Where an outbox stands after a drain.</summary>
public enum OutboxState
{
    /// <summary>Everything pending went out: nothing waits.</summary>
    Idle,

    /// <summary>No connection, or it failed before an answer: the same message goes again once connected.</summary>
    Offline,

    /// <summary>The broker held or refused the message at the head: it is retried at <see cref="Outbox{T}.RetryIn"/>.</summary>
    Waiting,
}

/// <summary>
/// One durable outbox of the journal drained to a transport, in order (README, "The connection manager"): read the
/// oldest pending entries, publish each, mark it delivered only on the answer that counts for this outbox, and stop at
/// the first that does not go: on no answer (offline, or a connection dropped between PUBLISH and PUBACK) it is sent
/// again once connected; on an answer that holds it (a record's <c>NoMatchingSubscribers</c>) or refuses it, it is
/// retried with exponential backoff and jitter capped at 30 s. Nothing is ever dropped, and nothing behind the head
/// overtakes it. The same logic runs in the service (one loop per outbox) and in the scenario runner (lock-step,
/// with a transport that answers synchronously).
/// </summary>
public abstract partial class Outbox<T>
{
    /// <summary>Entries read from the journal at a time, unless an outbox says otherwise.</summary>
    public const int BatchSize = 100;

    /// <summary>The first retry delay after the broker held or refused a message.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay.</summary>
    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly IMessageTransport _transport;
    private readonly TimeProvider _time;
    private readonly RetryBackoff _backoff;
    private readonly ILogger _logger;
    private readonly List<Task> _marks = new(BatchSize);
    private long? _retryAt;

    protected Outbox(string name, IMessageTransport transport, TimeProvider time, Random jitter, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        _transport = transport;
        _time = time;
        _backoff = new RetryBackoff(FirstRetry, MaxRetry, jitter);
        _logger = logger;
    }

    /// <summary>The outbox's name in logs (<c>records</c>, <c>alarms</c>, <c>notices</c>).</summary>
    public string Name { get; }

    /// <summary>Entries delivered since start.</summary>
    public long Delivered { get; private set; }

    /// <summary>Publishes that the broker held (<c>NoMatchingSubscribers</c> for a record) or refused since start.</summary>
    public long Held { get; private set; }

    /// <summary>Publishes that got no answer (offline, a connection lost before the PUBACK) since start.</summary>
    public long NotSent { get; private set; }

    /// <summary>How long until the held head is retried; null when nothing is held.</summary>
    public TimeSpan? RetryIn => _retryAt is { } at ? Max(TimeSpan.Zero, _time.GetElapsedTime(_time.GetTimestamp(), at)) : null;

    /// <summary>Something changed that may let the held head through (a new connection): retry at the next drain.</summary>
    public void RetryNow() => _retryAt = null;

    /// <summary>Publishes what is pending, in order, until the outbox is empty or the head cannot go now.</summary>
    /// <exception cref="IOException">The journal cannot write a delivery mark.</exception>
    public async ValueTask<OutboxState> DrainAsync(CancellationToken cancellationToken)
    {
        if (_retryAt is { } at && _time.GetTimestamp() < at)
        {
            return OutboxState.Waiting;
        }

        _retryAt = null;
        while (true)
        {
            if (!_transport.IsConnected)
            {
                return OutboxState.Offline;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var batch = ReadPending(Batch);
            if (batch.Count == 0)
            {
                _backoff.Reset();
                return OutboxState.Idle;
            }

            if (await PublishAsync(batch, cancellationToken).ConfigureAwait(false) is { } stopped)
            {
                return stopped;
            }
        }
    }

    /// <summary>Entries read (and published before their marks are awaited) at a time.</summary>
    protected virtual int Batch => BatchSize;

    /// <summary>The oldest pending entries, oldest first.</summary>
    protected abstract IReadOnlyList<T> ReadPending(int limit);

    /// <summary>The message for an entry.</summary>
    protected abstract TransportMessage Message(T entry);

    /// <summary>Whether this answer delivers the entry (records: only Success; alarms and notices: any PUBACK that is not a refusal).</summary>
    protected abstract bool Delivers(PublishOutcome outcome);

    /// <summary>Marks the entry delivered in the journal; the task completes once the mark is durable.</summary>
    protected abstract Task MarkDeliveredAsync(T entry);

    /// <summary>The entry's name in logs (a session id, an alarm code); never a patient reference.</summary>
    protected abstract string Describe(T entry);

    /// <summary>After each batch (delivered or stopped), once its marks are durable.</summary>
    protected virtual void AfterBatch()
    {
    }

    private async ValueTask<OutboxState?> PublishAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken)
    {
        _marks.Clear();
        try
        {
            foreach (var entry in batch)
            {
                var outcome = await _transport.PublishAsync(Message(entry), cancellationToken).ConfigureAwait(false);
                if (Delivers(outcome))
                {
                    var mark = MarkDeliveredAsync(entry);
                    if (!mark.IsCompletedSuccessfully)
                    {
                        _marks.Add(mark);
                    }

                    Delivered++;
                    _backoff.Reset();
                    continue;
                }

                if (outcome == PublishOutcome.NotSent)
                {
                    NotSent++;
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var what = Describe(entry);
                        LogNotSent(_logger, Name, what);
                    }

                    return OutboxState.Offline;
                }

                Held++;
                var delay = _backoff.Next();
                _retryAt = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var what = Describe(entry);
                    var reason = outcome.ToString();
                    LogHeld(_logger, Name, what, reason, delay.TotalSeconds);
                }

                return OutboxState.Waiting;
            }

            return null;
        }
        finally
        {
            // The batch's marks commit in groups while the next publishes go; all are durable before the next read.
            if (_marks.Count > 0)
            {
                await Task.WhenAll(_marks).ConfigureAwait(false);
                _marks.Clear();
            }

            AfterBatch();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "The broker held {Outbox} entry {Entry} ({Reason}); it stays queued and is retried in {DelaySeconds:0.0} s")]
    private static partial void LogHeld(ILogger logger, string outbox, string entry, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No answer for {Outbox} entry {Entry} (offline or the connection dropped); it is sent again once connected")]
    private static partial void LogNotSent(ILogger logger, string outbox, string entry);
}
