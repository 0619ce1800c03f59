using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Privacy;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Safety.Conditions;
using Paxman.Edge.Core.Time;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Core.State;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Engine.Sensing;
using Paxman.Edge.Engine.State;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine;

/// <summary>
/// The synchronous tick engine (README, "Architecture"). Each <see cref="Tick"/> runs on one thread and is a short
/// list of named steps in a fixed order: posted actions (nurse actions first take effect here); 1. drain the link;
/// 2. board inputs and the newest probe reading; 3. one <see cref="PlantSnapshot"/>; 4. the safety supervisor;
/// 5. control; 6. sessions; 7. journal appends (queued, never waited for); 8. the command to the MCU and the board
/// outputs; then the tick's figures are published, its <see cref="Produced"/> output handed to the adapters, and
/// the posted actions acknowledged once what they journaled is durable. Without a chiller (a bare engine in tests)
/// only the state is published.
/// </summary>
public sealed class TickEngine
{
    private readonly Chiller? _chiller;
    private readonly BoardIo? _board;
    private readonly ISafetyProbe? _probe;
    private readonly EngineOptions _options;
    private readonly ActionQueue _actions = new();
    private readonly SnapshotBuilder _snapshots = new();
    private readonly CapConnections _caps = new();
    private readonly BoardSignals _signals = new();
    private readonly UnitStateBuilder _stateBuilder;
    private readonly IBrokerStatus _broker;
    private readonly Lock _publishLock = new();
    private readonly TickOutput _produced = new();
    private readonly IJournal? _journal;
    private readonly JournalFaultCondition _journalFault = new();
    private readonly JournalDamagedCondition _journalDamaged = new();
    private readonly ClockWatch _clock;
    private readonly StorageLowCondition _storageLow = new();
    private readonly StorageCriticalCondition _storageCritical = new();
    private readonly Func<CapChannel, string?> _sessionOn;
    private readonly SafetyLog _safetyLog;
    private bool _recovered;
    private TimeSpan _timelineAtStart;
    private TimeSpan _nextUnitCheckpoint;
    private long _lastAppended;
    private string _chainHead = JournalContents.Genesis;
    private long? _firstTimestamp;
    private long _ticks;
    private PublishedTick _published = PublishedTick.Initial;
    private UnitState? _state;
    private ControlOutput _output = ControlOutput.Safe;
    private McuFaults _clearRequested;
    private int _alarmsVersion = -1;
    private IReadOnlyList<AlarmState>? _alarmStates;

    public TickEngine(UnitIdentity identity, IBrokerStatus broker, TimeProvider time, Chiller? chiller = null, BoardIo? board = null,
        ISafetyProbe? probe = null, EngineOptions? options = null, IJournal? journal = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(time);
        _chiller = chiller;
        _board = board;
        _probe = probe;
        _options = options ?? new EngineOptions();
        _snapshots.Offsets = _options.SensorOffsets;
        _stateBuilder = new UnitStateBuilder(identity, broker, logic: chiller is not null);
        _broker = broker;
        Time = time;
        Safety = new SafetySupervisor(_options.Safety, time.TimestampFrequency);
        Control = new CoolantControl(_options.Control, _options.CompressorLaw);
        _journal = journal;
        _safetyLog = new SafetyLog(logger ?? NullLogger.Instance);
        _clock = new ClockWatch(_options.ClockSync);
        var key = _options.PatientRefKey;
        Sessions = new SessionManager(_options.Sessions, identity.UnitId, identity.Simulated, _options.BillingRule,
            patientRef => PatientRefs.Protect(patientRef, key), _options.NewSessionId ?? (() => Guid.NewGuid().ToString()));
        _sessionOn = channel => Sessions[channel].Session is { IsFinal: false } session ? session.SessionId : null;
    }

    /// <summary>The clock every timeout and duration of the unit is read from.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// The state published by the last tick (or the initial state before the first). Each tick publishes its
    /// figures as one value under a lock, without allocating; the immutable <see cref="UnitState"/> is built from
    /// them when a reader (HTTP, MQTT, a test) asks, at most once per tick.
    /// </summary>
    public UnitState State
    {
        get
        {
            lock (_publishLock)
            {
                if (_state is null || _state.Engine.Ticks != _published.Ticks)
                {
                    _state = _stateBuilder.Build(_published);
                }

                return _state;
            }
        }
    }

    /// <summary>The safety supervisor and its alarms (engine thread only).</summary>
    public SafetySupervisor Safety { get; }

    /// <summary>The coolant loop (engine thread only).</summary>
    public CoolantControl Control { get; }

    /// <summary>Both channels' treatment sessions (engine thread only).</summary>
    public SessionManager Sessions { get; }

    /// <summary>The unit's monotonic timeline at the last tick: device time, continued across restarts (engine thread only).</summary>
    public TimeSpan Timeline => _produced.Uptime + _timelineAtStart;

    /// <summary>The journal sequence of the last write this engine appended, 0 before any (engine thread only).</summary>
    public long LastJournaled => _lastAppended;

    /// <summary>The hash the next record chains to (engine thread only).</summary>
    public string ChainHead => _chainHead;

    /// <summary>The snapshot of the last tick (engine thread only).</summary>
    public PlantSnapshot Snapshot { get; private set; }

    /// <summary>What control asked of the hardware on the last tick (engine thread only).</summary>
    public ControlOutput Output => _output;

    /// <summary>The board outputs driven on the last tick (engine thread only).</summary>
    public BoardOutputs BoardOutputs { get; private set; } = BoardOutputs.Safe;

    /// <summary>What the MCU link told the last tick (state, counters, the MCU's HELLO_ACK); null without a chiller (engine thread only).</summary>
    public McuLinkStatus? LastLink { get; private set; }

    /// <summary>A technician's sensor offset calibration, applied from the next tick (engine thread only).</summary>
    public SensorOffsets SensorOffsets
    {
        get => _snapshots.Offsets;
        set => _snapshots.Offsets = value;
    }

    /// <summary>The safety-probe reading taken by the last tick.</summary>
    public ProbeReading? Probe { get; private set; }

    /// <summary>What the last tick produced (alarm changes, interruptions); valid on the engine's thread until the next tick.</summary>
    public TickOutput Produced => _produced;

    /// <summary>Raised on the engine thread at the end of every tick, with what it produced (MQTT, tests, the scenario runner).</summary>
    public event Action<TickOutput>? TickCompleted;

    /// <summary>
    /// Hands an action to the engine's thread (HTTP and MQTT requests); it runs at the start of the next tick and the
    /// task completes with its result after that tick, once what it journaled is durable.
    /// </summary>
    public Task<T> PostAsync<T>(Func<T> action) => _actions.Post(action);

    /// <summary>A person acknowledges an alarm (engine thread): an MCU latch behind it is then cleared once its cause is gone.</summary>
    public AckResult Acknowledge(string alarmId)
    {
        var occurrence = Safety.Alarms.Open.FirstOrDefault(o => o.AlarmId == alarmId);
        var result = Safety.Alarms.Acknowledge(alarmId, Time.GetUtcNow());

        // Reset (acknowledged after its condition ended): the MCU is asked, as by a person, to clear that alarm's latch
        // alone; the other latches keep their own alarms.
        if (occurrence?.Condition is McuLatchCondition latch && occurrence.State == AlarmOccurrenceState.Cleared)
        {
            _clearRequested |= latch.Fault;
            latch.ResetAsked();
        }

        return result;
    }

    /// <summary>Pauses audible alarm signals for two minutes (engine thread); returns when the pause ends, in wall time.</summary>
    public DateTimeOffset PauseAudio()
    {
        // Measured from now (the pause starts at this tick), so the time reported is when the sound comes back.
        var now = _firstTimestamp is { } first ? Time.GetElapsedTime(first, Time.GetTimestamp()) : TimeSpan.Zero;
        var until = Safety.Alarms.PauseAudio(now);
        return Time.GetUtcNow() + (until - now);
    }

    /// <summary>
    /// A technician starts a relay autotune of the coolant loop (engine thread). Refused, with the reason, unless the
    /// unit is ready, not in its safe state and no channel wants cooling.
    /// </summary>
    public string? StartAutotune(double deltaC = 0.5)
    {
        var inUse = _output.ValveA || _output.ValveB || Snapshot.Board.CapA || Snapshot.Board.CapB;
        var refusal = AutotuneGate.Refusal(_chiller is not null, Safety.InSafeState, Control.Ready, inUse, Control.Autotune is not null);
        if (refusal is null)
        {
            Control.StartAutotune(deltaC);
        }

        return refusal;
    }

    /// <summary>A nurse opens a session (engine thread, through <see cref="PostAsync{T}"/>).</summary>
    public (TreatmentSession? Session, SessionRefusal? Refusal) OpenSession(CapChannel channel, NewSessionRequest request) =>
        Sessions.Open(channel, request, ActionContext());

    /// <summary>A nurse's action on a channel's session (engine thread, through <see cref="PostAsync{T}"/>); null when done.</summary>
    public SessionRefusal? Act(CapChannel channel, SessionAction action, string? operatorId = null, string? reason = null)
    {
        var context = ActionContext();
        return action switch
        {
            SessionAction.Precool => Sessions.Precool(channel, operatorId, context),
            SessionAction.InfusionStart => Sessions.InfusionStart(channel, operatorId, context),
            SessionAction.InfusionEnd => Sessions.InfusionEnd(channel, operatorId, context),
            SessionAction.Finish => Sessions.Finish(channel, operatorId, context),
            SessionAction.Resume => Sessions.Resume(channel, operatorId, context),
            SessionAction.Abort => Sessions.Abort(channel, reason, operatorId, context),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }

    /// <summary>The record so far of the session running on a channel, or its final one (engine thread).</summary>
    public SessionRecord? RecordOf(string sessionId)
    {
        foreach (var channel in CapChannels.All)
        {
            if (Sessions[channel].Session is { } session && session.SessionId == sessionId)
            {
                return SessionRecordBuilder.Build(session, Timeline);
            }
        }

        return null;
    }

    /// <summary>
    /// Drives the hardware to its safe state (compressor off, pump off, valves closed, cooling-enable low) once the
    /// tick loop has stopped for good, before the hardware is released. Not for use while the loop runs.
    /// </summary>
    public void EnterSafeState()
    {
        _output = ControlOutput.Safe;
        _chiller?.Link.SendSafe(Time.GetTimestamp());
        BoardOutputs = BoardOutputs.Safe;
        _board?.Write(BoardOutputs.Safe);
    }

    /// <summary>Runs one tick at monotonic timestamp <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">Now, from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="lateTicks">The driver's count of late ticks so far, reported in the state.</param>
    public void Tick(long timestamp, long lateTicks = 0)
    {
        var uptime = BeginTick(timestamp);
        RecoverOnce(timestamp);
        WatchClock();
        _actions.RunPosted();
        var link = DrainLink(timestamp);
        var board = ReadInputs();
        if (link is { } status)
        {
            Snapshot = _snapshots.Build(timestamp, uptime, status, board ?? default, Probe ?? ProbeReading.None);
            var verdict = RunSafety(Snapshot);
            RunControl(Snapshot, verdict);
            RunSessions(Snapshot);
        }

        WatchJournal();
        WatchStorage();
        CollectAlarmChanges();
        _safetyLog.Observe(uptime, Safety, _produced.AlarmChanges, Snapshot.McuLatched);
        Notices.Collect(_produced, _sessionOn);
        AppendJournal(timestamp);
        if (link is not null)
        {
            DriveOutputs(timestamp);
        }

        _actions.Acknowledge(_journal is not null && _lastAppended > 0 ? WhenDurable : null);
        Publish(uptime, lateTicks, link, board);
        TickCompleted?.Invoke(_produced);
    }

    // Before the first tick's actions: the timeline carries on from the journal's last checkpoint, open high-priority
    // alarms come back (with the safe state they demand), open sessions come back (interrupted by power-loss, waiting
    // for a resume), the compressor is taken as stopped by the dead-man, and a damaged journal is announced.
    private void RecoverOnce(long timestamp)
    {
        if (_recovered)
        {
            return;
        }

        _recovered = true;
        if (_journal is null)
        {
            return;
        }

        var contents = _journal.Contents;
        _chainHead = contents.ChainHead;
        if (contents.LastCheckpoint is { } cp)
        {
            // An outage is measured on the monotonic clock where one spans it (a process restart), else on the wall clock.
            var outage = cp.BootId == _options.BootId && cp.Frequency == Time.TimestampFrequency && timestamp >= cp.Monotonic
                ? Time.GetElapsedTime(cp.Monotonic, timestamp)
                : Max(Time.GetUtcNow() - cp.At, TimeSpan.Zero);
            _timelineAtStart = cp.Timeline + outage;
        }

        // The alarms it left open: a high-priority one comes back with the safe state it demands, until a person resets it.
        AlarmRecovery.Restore(Safety.Alarms, contents.OpenAlarms,
            [.. Safety.Conditions, _journalFault, _journalDamaged, _clock.Unsynced, _storageLow, _storageCritical, .. Sessions.AlarmConditions], _produced.Uptime, Time.GetUtcNow());
        if (contents.LastCheckpoint is { } last)
        {
            // A restart: the compressor stopped at the latest when the dead-man fired after the host died, which was
            // before its next checkpoint was due; its minimum off time runs from then (at once after a long outage).
            var stoppedBy = last.Timeline + TimeSpan.FromSeconds(_options.Sessions.CheckpointSeconds) + DeadManBound - _timelineAtStart;
            Control.AssumeStopped(stoppedBy < _produced.Uptime ? stoppedBy : _produced.Uptime);
        }

        Sessions.Recover(contents.OpenSessions, Timeline, Time.GetUtcNow(), _produced, contents.LastEnded);
        _clock.Resume(contents.LastClockSync);
        _journalDamaged.Set(contents.Damaged is not null);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // The MCU's dead-man (at most 5 s, firmware-protocol/safety.md) plus a margin for a checkpoint written late.
    private static readonly TimeSpan DeadManBound = TimeSpan.FromSeconds(8);

    private SessionActionContext ActionContext() => new(Timeline, Time.GetUtcNow(), Control.Ready, Safety.InSafeState, Snapshot.Board.CapA,
        Snapshot.Board.CapB, Snapshot.SupplyC, Control.SetpointC, Safety.Alarms, _produced, _options.StorageSpace?.Latest?.FreeBytes);

    private TimeSpan BeginTick(long timestamp)
    {
        _firstTimestamp ??= timestamp;
        _ticks++;
        var uptime = Time.GetElapsedTime(_firstTimestamp.Value, timestamp);
        _produced.Begin(_ticks, uptime);
        return uptime;
    }

    // 1. Drain the link: the frames received since the last tick, and the link's health.
    private McuLinkStatus? DrainLink(long timestamp) => LastLink = _chiller?.Link.Receive(timestamp);

    // 2. Board inputs (debounced) and the newest safety-probe reading (read on its own thread, never here).
    private BoardInputs? ReadInputs()
    {
        var board = _board?.Read();
        Probe = _probe?.Latest;
        return board;
    }

    // 4. Safety first: every alarm condition, the safe state, and each channel's interruptions.
    private SafetyVerdict RunSafety(in PlantSnapshot snapshot)
    {
        _caps.Update(snapshot);
        var demandA = Sessions.WantsCooling(CapChannel.A, snapshot.Board.CapA);
        var demandB = Sessions.WantsCooling(CapChannel.B, snapshot.Board.CapB);
        if ((demandA || demandB) && Control.Autotune is not null)
        {
            // A patient comes first: the coolant goes back under the PID at once.
            Control.CancelAutotune();
        }

        var context = new SafetyContext(snapshot, _options.Safety, Control.SetpointC, Control.CommandedCompressorPct, Control.EverReady,
            new ChannelCooling(demandA, _output.ValveA, _caps.ConnectedAt(CapChannel.A)),
            new ChannelCooling(demandB, _output.ValveB, _caps.ConnectedAt(CapChannel.B)), _board is null ? BoardOutputs.Safe : BoardOutputs);
        var verdict = Safety.Evaluate(context, Time.GetUtcNow());
        var interruptions = Safety.InterruptionEvents;
        for (var i = 0; i < interruptions.Count; i++)
        {
            _produced.Add(interruptions[i]);
        }

        return verdict;
    }

    // 5. Control under the supervisor's verdict; each valve follows its session's demand, and what the sessions know
    // ahead of the coolant (a session prepared) feeds control forward (README, "Control").
    private void RunControl(in PlantSnapshot snapshot, SafetyVerdict verdict) =>
        _output = Control.Update(snapshot, Sessions.WantsCooling(CapChannel.A, snapshot.Board.CapA), Sessions.WantsCooling(CapChannel.B, snapshot.Board.CapB),
            verdict, new ControlCues(Sessions[CapChannel.A].Phase == SessionPhase.Prepared, Sessions[CapChannel.B].Phase == SessionPhase.Prepared));

    // 6. Sessions: this tick's interruptions, cap switches and countdowns; journal rows and ended sessions go to the output.
    private void RunSessions(in PlantSnapshot snapshot)
    {
        var input = new SessionTickInput(Timeline, Time.GetUtcNow(), _timelineAtStart, snapshot.Board.CapA, snapshot.Board.CapB,
            Safety.Causes(CapChannel.A), Safety.Causes(CapChannel.B), Safety.InterruptionEvents, snapshot.SupplyC, Safety.InSafeState,
            _clock.Synchronised, _clock.Step);
        Sessions.Step(input, Safety.Alarms, _produced);
    }

    // 7. Journal appends: the tick's session rows, each ended session's sealed record, alarm changes and the unit's
    // checkpoint, queued for the journal's writer. Nothing here waits for the disk.
    private void AppendJournal(long timestamp)
    {
        SealRecords();
        if (_journal is null)
        {
            return;
        }

        var writes = _produced.JournalWrites;
        for (var i = 0; i < writes.Count; i++)
        {
            _lastAppended = _journal.Append(writes[i]);
        }

        var changes = _produced.AlarmChanges;
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            var o = c.Occurrence;
            _lastAppended = _journal.Append(new AlarmWrite(o.AlarmId, o.Code, o.Priority.Name(), c.State.Name(), o.Channel?.Name(), c.At, o.Message,
                Historical: !_broker.IsConnected));
        }

        var timeline = Timeline;
        if (timeline >= _nextUnitCheckpoint)
        {
            _nextUnitCheckpoint = timeline + TimeSpan.FromSeconds(_options.Sessions.CheckpointSeconds);
            _lastAppended = _journal.Append(new UnitCheckpointWrite(timeline, Time.GetUtcNow(), timestamp, Time.TimestampFrequency, _options.BootId));
        }

    }

    // The wall clock against the timeline: a step of more than 2 s is journaled with its size (and in each running
    // session's audit trail, by the sessions step); each change of synchronisation is journaled (a restart carries
    // the unsynchronised hour on from it); an hour unsynchronised raises the low-priority clock-unsynced.
    private void WatchClock()
    {
        var wall = Time.GetUtcNow();
        _clock.Observe(Timeline, wall);
        if (_clock.Step != TimeSpan.Zero)
        {
            _produced.Add(new UnitEventWrite("clock-step", wall, Timeline, ClockSteps.Detail(_clock.Step)));
        }

        if (_clock.SyncChanged is { } synchronised)
        {
            _produced.Add(new UnitEventWrite(synchronised ? ClockWatch.SyncedEvent : ClockWatch.UnsyncedEvent, wall, Timeline, ""));
        }

        Safety.Alarms.Update(_clock.Unsynced, _clock.Unsynced.Active, _produced.Uptime, wall);
    }

    // What the tick's posted actions wait for: every write so far durable.
    private Task WhenDurable() => _journal!.WhenDurable(_lastAppended);

    // A journal that cannot write, or was found damaged at start-up, raises a high-priority alarm.
    private void WatchJournal()
    {
        if (_journal is null)
        {
            return;
        }

        _journalFault.Set(_journal.Faulted);
        Safety.Alarms.Update(_journalFault, _journalFault.Active, _produced.Uptime, Time.GetUtcNow());
        Safety.Alarms.Update(_journalDamaged, _journalDamaged.Active, _produced.Uptime, Time.GetUtcNow());
        _journalDamaged.Set(false);
    }

    // The data partition filling, seen before the journal fails: medium at 80 % used, high (instead) at 95 %.
    private void WatchStorage()
    {
        if (_options.StorageSpace?.Latest is { } space)
        {
            var critical = space.UsedFraction >= StorageLimits.CriticalFraction;
            _storageCritical.Set(critical);
            _storageLow.Set(!critical && space.UsedFraction >= StorageLimits.LowFraction);
        }

        Safety.Alarms.Update(_storageLow, _storageLow.Active, _produced.Uptime, Time.GetUtcNow());
        Safety.Alarms.Update(_storageCritical, _storageCritical.Active, _produced.Uptime, Time.GetUtcNow());
    }

    // Each session that ended this tick becomes one immutable record, hashed and chained to the previous one.
    private void SealRecords()
    {
        var ended = _produced.EndedSessions;
        for (var i = 0; i < ended.Count; i++)
        {
            var session = ended[i];
            var record = RecordChain.Seal(SessionRecordBuilder.Build(session, Timeline), _chainHead);
            var json = RecordJson.ToText(record);
            _chainHead = record.Hash!;
            _produced.Add(new SealedRecord(record, json));
            _produced.Add(new RecordWrite(record.SessionId, record.Channel, record.EndedAt ?? Time.GetUtcNow(), json, record.Hash!, record.PrevHash!));
        }
    }

    // 8. The full-state command to the MCU (SAFE while the verdict says so), latches a person cleared, the board's outputs.
    private void DriveOutputs(long timestamp)
    {
        var o = _output;
        var command = o.CoolingEnable
            ? new McuCommand(o.CompressorPct, o.Pump, o.ValveA, o.ValveB, o.Fan, CoolingMode.Cool)
            : McuCommand.Safe;
        _chiller!.Link.Send(timestamp, command);

        // Latches a person acknowledged: asked of the MCU until the link takes the request.
        if (_clearRequested != McuFaults.None && _chiller.Link.ClearLatchesByPerson(_clearRequested, timestamp))
        {
            _clearRequested = McuFaults.None;
        }

        BoardOutputs = _signals.Next(o.CoolingEnable && !Safety.HoldCoolingEnableLow, Safety.Alarms, Safety.InSafeState, Control.Ready);
        _board?.Write(BoardOutputs);
    }

    // Every alarm change leaves the engine once, whichever step made it (evaluation, an acknowledgement, the journal).
    private void CollectAlarmChanges()
    {
        var changes = Safety.Alarms.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            _produced.Add(changes[i]);
        }

        Safety.Alarms.ClearChanges();

        // Rebuilt when the list moved: a change, or a latched alarm's condition ending (which makes no change).
        if (_alarmsVersion != Safety.Alarms.Version)
        {
            _alarmsVersion = Safety.Alarms.Version;
            _alarmStates = Safety.Alarms.Open
                .Select(o => new AlarmState(o.AlarmId, o.Code, o.Priority.Name(), o.State.Name(), o.Channel?.Name(), o.RaisedAt, o.Message, o.ConditionEnded))
                .ToList();
        }
    }

    private void Publish(TimeSpan uptime, long lateTicks, McuLinkStatus? link, BoardInputs? board)
    {
        var logic = _chiller is not null;
        var fresh = link is { State: LinkState.Linked or LinkState.Degraded } ? link.Value.LastStatus : null;
        var published = new PublishedTick(_ticks, lateTicks, uptime.TotalSeconds, link is { } l ? l.State is LinkState.Linked or LinkState.Degraded : null,
            fresh, board, ChannelPublished.Of(Sessions[CapChannel.A], Timeline, logic ? Safety.Causes(CapChannel.A) : Interruption.None),
            ChannelPublished.Of(Sessions[CapChannel.B], Timeline, logic ? Safety.Causes(CapChannel.B) : Interruption.None),
            logic ? _alarmStates ?? [] : null, logic && Control.Ready, Control.SetpointC, Time.GetUtcNow());
        lock (_publishLock)
        {
            _published = published;
        }
    }
}
