using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Publishing;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// What the unit publishes, drained after each tick on the engine's thread (README of the simulator, "Scenario
/// runner"): the service's own outboxes (<see cref="RecordsOutbox"/>, <see cref="AlarmsOutbox"/>,
/// <see cref="NoticesOutbox"/>) over the journal, and the live messages, through the <see cref="CaptureTransport"/>.
/// The transport answers synchronously, so each drain completes before the next tick and the output never depends on
/// a thread's timing. Within one tick records are drained before alarm changes and notices (the order the runner has
/// always written them in); in the service each outbox has a loop of its own.
/// </summary>
internal sealed class ScenarioPublisher(MqttTopics topics, CaptureTransport transport, TimeProvider clock, int seed, ILogger logger)
{
    private readonly LiveMessages _live = new(topics);
    private readonly Random _jitter = new(seed);
    private readonly Action<TransportMessage> _sink = message => transport.PublishAsync(message, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    private IJournal? _journal;
    private RecordsOutbox? _records;
    private AlarmsOutbox? _alarms;
    private NoticesOutbox? _notices;
    private bool _due;

    /// <summary>The host (re)started on <paramref name="journal"/>: the outboxes drain it; whatever it holds is due.</summary>
    public void Attach(IJournal journal)
    {
        _journal = journal;
        _records = new RecordsOutbox(journal, topics, transport, clock, _jitter, backlog =>
        {
            transport.Backlog = backlog.Count;
            transport.OldestUndeliveredAt = backlog.OldestEndedAt;
        }, logger);
        _alarms = new AlarmsOutbox(journal, topics, transport, clock, _jitter, logger);
        _notices = new NoticesOutbox(journal, topics, transport, clock, _jitter, logger);
        _due = true;
    }

    /// <summary>The host died: nothing is drained until it is back.</summary>
    public void Detach()
    {
        _journal = null;
        _records = null;
        _alarms = null;
        _notices = null;
    }

    /// <summary>The broker came back: everything queued is due.</summary>
    public void BrokerUp() => _due = true;

    /// <summary>Subscribe to <c>TickEngine.TickCompleted</c> of <paramref name="engine"/>.</summary>
    public Action<TickOutput> For(TickEngine engine) => produced => OnTick(engine, produced);

    private void OnTick(TickEngine engine, TickOutput produced)
    {
        _live.OnTick(engine, produced, _sink);
        if (_journal is null || !(_due || produced.Records.Count > 0 || produced.AlarmChanges.Count > 0 || TickNotices.Any(produced)))
        {
            return;
        }

        if (!transport.IsConnected)
        {
            // Queued in the journal; reported as the backlog once the tick's writes are durable.
            _journal.Flush();
            _records!.ReportBacklog();
            return;
        }

        _due = false;
        _journal.Flush();
        Drain(_records!);
        Drain(_alarms!);
        Drain(_notices!);
    }

    private static void Drain<T>(Outbox<T> outbox) => outbox.DrainAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
