using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Ticking;

/// <summary>
/// What one engine tick produced besides the hardware commands: alarm changes and interruptions (and, with sessions,
/// session events, journal writes and records). The steps of a tick write into it instead of raising events in the
/// middle of the tick; the adapters read it after the tick, on the engine's thread. Reused from tick to tick, so it
/// allocates nothing in the steady state.
/// </summary>
public sealed class TickOutput
{
    private readonly List<AlarmChange> _alarmChanges = [];
    private readonly List<InterruptionEvent> _interruptions = [];
    private readonly List<JournalWrite> _journal = [];
    private readonly List<TreatmentSession> _ended = [];
    private readonly List<SealedRecord> _records = [];

    /// <summary>The tick's number since the engine started.</summary>
    public long Tick { get; private set; }

    /// <summary>Device uptime of the tick.</summary>
    public TimeSpan Uptime { get; private set; }

    /// <summary>Alarm changes of this tick (from evaluation and from acknowledgements), oldest first.</summary>
    public IReadOnlyList<AlarmChange> AlarmChanges => _alarmChanges;

    /// <summary>Interruptions of a channel's cooling that began or ended this tick.</summary>
    public IReadOnlyList<InterruptionEvent> Interruptions => _interruptions;

    /// <summary>What this tick has to journal (session events and checkpoints, records, alarm changes), in order.</summary>
    public IReadOnlyList<JournalWrite> JournalWrites => _journal;

    /// <summary>Sessions that ended this tick (completed, finished early or aborted): each becomes one record.</summary>
    public IReadOnlyList<TreatmentSession> EndedSessions => _ended;

    /// <summary>Final records sealed this tick (hashed and chained), with their exact published text.</summary>
    public IReadOnlyList<SealedRecord> Records => _records;

    /// <summary>Starts a new tick: forgets the previous one's output.</summary>
    public void Begin(long tick, TimeSpan uptime)
    {
        Tick = tick;
        Uptime = uptime;
        _alarmChanges.Clear();
        _interruptions.Clear();
        _journal.Clear();
        _ended.Clear();
        _records.Clear();
    }

    public void Add(in AlarmChange change) => _alarmChanges.Add(change);

    public void Add(in InterruptionEvent interruption) => _interruptions.Add(interruption);

    public void Add(JournalWrite write) => _journal.Add(write);

    public void Ended(TreatmentSession session) => _ended.Add(session);

    public void Add(SealedRecord record) => _records.Add(record);
}
