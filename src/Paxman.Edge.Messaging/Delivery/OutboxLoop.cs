using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging.Delivery;

/// <summary>
/// The service's loop over one outbox (README, "The connection manager"): each outbox has its own, so alarms and notices
/// never wait behind records, and all share the one connection. It drains when told that new entries are durable
/// (<see cref="Notify"/>, from the engine's tick), when the connection comes (back), when a held head's retry falls
/// due, and at least once a second. What is left at a stop stays in the journal for the next start.
/// </summary>
public abstract partial class OutboxLoop<T> : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly Outbox<T> _outbox;
    private readonly IJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Never disposed: the loop may still wait on it while the host disposes this service (a SemaphoreSlim whose
    // AvailableWaitHandle is never used holds nothing that needs releasing).
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _durableFirst;

    protected OutboxLoop(Outbox<T> outbox, MqttConnection connection, IJournal journal, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(journal);
        _outbox = outbox;
        _journal = journal;
        _time = time;
        _logger = logger;
        connection.Connected += () =>
        {
            _outbox.RetryNow();
            Notify();
        };
    }

    /// <summary>The outbox this loop drains.</summary>
    public Outbox<T> Outbox => _outbox;

    /// <summary>
    /// New entries were journaled up to <paramref name="sequence"/> (engine thread): drain once they are durable. Never
    /// blocks.
    /// </summary>
    public void Notify(long sequence = 0)
    {
        if (sequence > Interlocked.Read(ref _durableFirst))
        {
            Interlocked.Exchange(ref _durableFirst, sequence);
        }

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
                var wait = Poll;
                try
                {
                    var sequence = Interlocked.Exchange(ref _durableFirst, 0);
                    if (sequence > 0)
                    {
                        await _journal.WhenDurable(sequence).WaitAsync(stoppingToken).ConfigureAwait(false);
                    }

                    var state = await _outbox.DrainAsync(stoppingToken).ConfigureAwait(false);
                    if (state == OutboxState.Waiting && _outbox.RetryIn is { } retry && retry < wait)
                    {
                        wait = retry;
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or System.Data.Common.DbException)
                {
                    // The journal cannot write (its own alarm is raised) or a row is damaged: nothing is marked; try later.
                    LogJournalProblem(_logger, _outbox.Name, ex.Message);
                }
                finally
                {
                    AfterDrain();
                }

                using var retry2 = new CancellationTokenSource(wait, _time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(retry2.Token, stoppingToken);
                try
                {
                    await _wake.WaitAsync(either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll or retry interval passed.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; what is left stays in the journal's outbox for the next start.
        }
    }

    /// <summary>After every drain attempt, whatever it did.</summary>
    protected virtual void AfterDrain()
    {
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Outbox} outbox cannot go on: {Reason}; retrying")]
    private static partial void LogJournalProblem(ILogger logger, string outbox, string reason);
}

/// <summary>Alarm changes on <c>.../alarms</c> from the journal's alarms outbox (<see cref="AlarmsOutbox"/>).</summary>
public sealed class AlarmPublisher(MqttConnection connection, IJournal journal, TimeProvider time, ILogger<AlarmPublisher> logger)
    : OutboxLoop<StoredAlarm>(new AlarmsOutbox(journal, connection.Topics, new MqttTransport(connection), time, Random.Shared, logger), connection, journal, time, logger);

/// <summary>Nurse-station notices on <c>.../notices</c> from the journal's notices outbox (<see cref="NoticesOutbox"/>).</summary>
public sealed class NoticePublisher(MqttConnection connection, IJournal journal, TimeProvider time, ILogger<NoticePublisher> logger)
    : OutboxLoop<StoredNotice>(new NoticesOutbox(journal, connection.Topics, new MqttTransport(connection), time, Random.Shared, logger), connection, journal, time, logger);

/// <summary>
/// Final session records on <c>.../sessions/{sessionId}</c> from the journal's records outbox (<see cref="RecordsOutbox"/>);
/// the backlog goes to the connection, which shows it in <c>/api/status</c>.
/// </summary>
public sealed class RecordPublisher : OutboxLoop<StoredRecord>
{
    private readonly RecordsOutbox _records;

    public RecordPublisher(MqttConnection connection, IJournal journal, TimeProvider time, ILogger<RecordPublisher> logger)
        : this(connection, journal, time, logger, Create(connection, journal, time, logger))
    {
    }

    private RecordPublisher(MqttConnection connection, IJournal journal, TimeProvider time, ILogger<RecordPublisher> logger, RecordsOutbox records)
        : base(records, connection, journal, time, logger)
    {
        _records = records;

        // The backlog is known (from the journal) before the first drain, so /api/status never shows it unknown.
        _records.ReportBacklog();
    }

    protected override void AfterDrain()
    {
        try
        {
            _records.ReportBacklog();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or System.Data.Common.DbException)
        {
            // Shown as it was; the next drain tries again.
        }
    }

    private static RecordsOutbox Create(MqttConnection connection, IJournal journal, TimeProvider time, ILogger logger) =>
        new(journal, connection.Topics, new MqttTransport(connection), time, Random.Shared,
            backlog => connection.ReportBacklog(backlog.Count, backlog.OldestEndedAt), logger);
}
