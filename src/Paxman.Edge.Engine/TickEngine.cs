using System.Collections.Concurrent;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Core.State;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine;

/// <summary>
/// The synchronous tick engine (ARCHITECTURE.md, "The engine"). Each <see cref="Tick"/> runs on one thread, in a
/// fixed order: posted actions; 1. drain the link; 2. board inputs and the newest probe reading; 3. one
/// <see cref="PlantSnapshot"/>; 4. the safety supervisor; 5. control; 8. the command to the MCU and the board
/// outputs; then one immutable <see cref="UnitState"/> is published. Sessions (6) and the journal (7) join with
/// their issues. Without a chiller (a bare engine in tests) only the state is published.
/// </summary>
public sealed class TickEngine
{
    private readonly UnitIdentity _identity;
    private readonly IBrokerStatus _broker;
    private readonly Chiller? _chiller;
    private readonly BoardIo? _board;
    private readonly ISafetyProbe? _probe;
    private readonly EngineOptions _options;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly TimeSpan?[] _capConnectedAt = new TimeSpan?[2];
    private readonly bool[] _capWas = new bool[2];
    private readonly Lock _publishLock = new();
    private long? _firstTimestamp;
    private long _ticks;
    private Published _published;
    private UnitState? _state;
    private bool _everLinked;
    private ControlOutput _output = ControlOutput.Safe;
    private McuFaults _clearRequested;
    private AlarmPriority? _buzzerPriority;
    private long _buzzerTick;
    private int _alarmsVersion = -1;
    private IReadOnlyList<AlarmState>? _alarmStates;

    public TickEngine(UnitIdentity identity, IBrokerStatus broker, TimeProvider time, Chiller? chiller = null, BoardIo? board = null,
        ISafetyProbe? probe = null, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        _broker = broker;
        _chiller = chiller;
        _board = board;
        _probe = probe;
        _options = options ?? new EngineOptions();
        Time = time;
        Safety = new SafetySupervisor(_options.Safety, time.TimestampFrequency);
        Control = new CoolantControl(_options.Control, _options.CompressorLaw);
        _published = new Published(0, 0, 0, null, null, null, Interruption.None, Interruption.None, null, false);
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
                    _state = BuildState(_published);
                }

                return _state;
            }
        }
    }

    /// <summary>The safety supervisor and its alarms (engine thread only).</summary>
    public SafetySupervisor Safety { get; }

    /// <summary>The coolant loop (engine thread only).</summary>
    public CoolantControl Control { get; }

    /// <summary>The snapshot of the last tick (engine thread only).</summary>
    public PlantSnapshot Snapshot { get; private set; }

    /// <summary>What control asked of the hardware on the last tick (engine thread only).</summary>
    public ControlOutput Output => _output;

    /// <summary>The board outputs driven on the last tick (engine thread only).</summary>
    public BoardOutputs BoardOutputs { get; private set; } = BoardOutputs.Safe;

    /// <summary>The safety-probe reading taken by the last tick.</summary>
    public ProbeReading? Probe { get; private set; }

    /// <summary>Raised on the engine thread for each alarm change (for MQTT and, later, the journal).</summary>
    public event Action<AlarmChange>? AlarmChanged;

    /// <summary>Raised on the engine thread when an interruption of a channel's cooling begins or ends.</summary>
    public event Action<InterruptionEvent>? InterruptionChanged;

    /// <summary>
    /// Hands an action to the engine's thread (HTTP and MQTT requests); it runs at the start of the next tick and
    /// the task completes with its result.
    /// </summary>
    public Task<T> PostAsync<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _posted.Enqueue(() =>
        {
            try
            {
                done.TrySetResult(action());
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>A person acknowledges an alarm (engine thread): an MCU latch behind it is then cleared once its cause is gone.</summary>
    public AckResult Acknowledge(string alarmId)
    {
        var occurrence = Safety.Alarms.Open.FirstOrDefault(o => o.AlarmId == alarmId);
        var result = Safety.Alarms.Acknowledge(alarmId, Time.GetUtcNow());
        PublishAlarmChanges();

        if (occurrence?.Condition == Safety.McuLatched && result != AckResult.NotFound)
        {
            _clearRequested |= Safety.McuLatched.Latched;
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
    /// unit is ready, not in its safe state and no channel wants cooling: an autotune swings the coolant by a degree.
    /// </summary>
    public string? StartAutotune(double deltaC = 0.5)
    {
        if (_chiller is null || Safety.InSafeState)
        {
            return "the unit is in its safe state; clear the alarms first";
        }

        if (!Control.Ready)
        {
            return "the coolant is not at its setpoint yet; wait until the unit is ready";
        }

        if (_output.ValveA || _output.ValveB || Snapshot.Board.CapA || Snapshot.Board.CapB)
        {
            return "a channel is in use; an autotune runs only while every channel is idle";
        }

        if (Control.Autotune is not null)
        {
            return "an autotune is already running";
        }

        Control.StartAutotune(deltaC);
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
        _firstTimestamp ??= timestamp;
        _ticks++;
        var uptime = Time.GetElapsedTime(_firstTimestamp.Value, timestamp);
        while (_posted.TryDequeue(out var action))
        {
            action();
        }

        // 1. Drain the link (the simulated hardware first catches up to this tick's device time).
        McuLinkStatus? link = _chiller?.Receive(timestamp, Time);

        // 2. Board inputs (debounced) and the newest safety-probe reading (read on its own thread, never here).
        BoardInputs? board = _board?.Read();
        Probe = _probe?.Latest;

        if (_chiller is not null && link is { } status)
        {
            // 3. One snapshot; 4. safety first; 5. control under its verdict.
            Snapshot = BuildSnapshot(timestamp, uptime, status, board ?? default, Probe ?? ProbeReading.None);
            RunLogic(Snapshot);

            // 8. The command to the MCU and the board outputs.
            SendCommand(timestamp);
        }

        var fresh = link is { State: LinkState.Linked or LinkState.Degraded } ? link.Value.LastStatus : null;
        var logic = _chiller is not null;
        var published = new Published(_ticks, lateTicks, uptime.TotalSeconds, link is { } l ? l.State is LinkState.Linked or LinkState.Degraded : null,
            fresh, board, logic ? Safety.Causes(CapChannel.A) : Interruption.None, logic ? Safety.Causes(CapChannel.B) : Interruption.None,
            logic ? _alarmStates ?? [] : null, logic && Control.Ready);
        lock (_publishLock)
        {
            _published = published;
        }
    }

    private void RunLogic(in PlantSnapshot snapshot)
    {
        var now = snapshot.Uptime;
        for (var i = 0; i < 2; i++)
        {
            var channel = (CapChannel)i;
            var connected = snapshot.CapConnected(channel);
            if (connected && !_capWas[(int)channel])
            {
                _capConnectedAt[(int)channel] = now;
            }
            else if (!connected)
            {
                _capConnectedAt[(int)channel] = null;
            }

            _capWas[(int)channel] = connected;
        }

        var demandA = _options.Demand.Wants(CapChannel.A, snapshot);
        var demandB = _options.Demand.Wants(CapChannel.B, snapshot);
        if ((demandA || demandB) && Control.Autotune is not null)
        {
            // A patient comes first: the coolant goes back under the PID at once.
            Control.CancelAutotune();
        }
        var context = new SafetyContext(snapshot, _options.Safety, Control.SetpointC, Control.CommandedCompressorPct, Control.EverReady,
            new ChannelCooling(demandA, _output.ValveA, _capConnectedAt[0]),
            new ChannelCooling(demandB, _output.ValveB, _capConnectedAt[1]));
        var verdict = Safety.Evaluate(context, Time.GetUtcNow());
        _output = Control.Update(snapshot, demandA, demandB, verdict);

        PublishAlarmChanges();
        var interruptions = Safety.InterruptionEvents;
        for (var i = 0; i < interruptions.Count; i++)
        {
            InterruptionChanged?.Invoke(interruptions[i]);
        }

    }

    // Every alarm change leaves the engine once, whichever code path made it (a tick, an acknowledgement).
    private void PublishAlarmChanges()
    {
        var changes = Safety.Alarms.Changes;
        if (changes.Count == 0)
        {
            return;
        }

        for (var i = 0; i < changes.Count; i++)
        {
            AlarmChanged?.Invoke(changes[i]);
        }

        Safety.Alarms.ClearChanges();
        RefreshAlarmStates();
    }

    private void SendCommand(long timestamp)
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

        var sounding = Safety.Alarms.Sounding();
        if (sounding != _buzzerPriority)
        {
            _buzzerPriority = sounding;
            _buzzerTick = 0;
        }

        var outputs = new BoardOutputs(o.CoolingEnable, BuzzerPattern.IsOn(sounding, _buzzerTick++), ChooseBeacon());
        BoardOutputs = outputs;
        _board?.Write(outputs);
    }

    // Red: safe state or a high-priority alarm; amber: another alarm, or not ready to treat; green: ready.
    private Beacon ChooseBeacon()
    {
        var highest = Safety.Alarms.HighestOpen();
        if (Safety.InSafeState || highest == AlarmPriority.High)
        {
            return Beacon.Red;
        }

        return highest is not null || !Control.Ready ? Beacon.Amber : Beacon.Green;
    }

    private PlantSnapshot BuildSnapshot(long timestamp, TimeSpan uptime, McuLinkStatus link, BoardInputs board, ProbeReading probe)
    {
        var fresh = link.State is LinkState.Linked or LinkState.Degraded;
        _everLinked |= fresh;
        var health = link.State switch
        {
            LinkState.Linked or LinkState.Degraded => McuLinkHealth.Linked,
            LinkState.VersionRefused => McuLinkHealth.Refused,
            _ => _everLinked ? McuLinkHealth.Lost : McuLinkHealth.Connecting,
        };
        var s = fresh ? link.LastStatus : null;
        return new PlantSnapshot
        {
            Timestamp = timestamp,
            Uptime = uptime,
            Link = health,
            LinkProblem = link.Problem,
            SupplyC = s is { } a ? Celsius(a.SupplyCc) : null,
            SupplyRawCc = s?.SupplyCc ?? ProtocolConstants.TemperatureNotAvailable,
            ReturnC = s is { } b ? Celsius(b.ReturnCc) : null,
            ReturnAC = s is { } c ? Celsius(c.ReturnACc) : null,
            ReturnBC = s is { } d ? Celsius(d.ReturnBCc) : null,
            FlowALpm = (s?.FlowAClpm ?? 0) / 100.0,
            FlowBLpm = (s?.FlowBClpm ?? 0) / 100.0,
            Reservoir = s?.Reservoir ?? ReservoirLevel.Ok,
            CompressorActualPct = s?.CompressorActualPct ?? 0,
            McuActive = s?.Active ?? McuFaults.None,
            McuLatched = s?.Latched ?? McuFaults.None,
            Board = board,
            Probe = probe,
        };
    }

    private void RefreshAlarmStates()
    {
        if (_alarmsVersion == Safety.Alarms.Version)
        {
            return;
        }

        _alarmsVersion = Safety.Alarms.Version;
        _alarmStates = Safety.Alarms.Open
            .Select(o => new AlarmState(o.AlarmId, o.Code, o.Priority.Name(), o.State.Name(), o.Channel?.Name(), o.RaisedAt, o.Message))
            .ToList();
    }

    private UnitState BuildState(in Published p)
    {
        var logic = _chiller is not null;
        var status = p.Status;
        return new UnitState
        {
            UnitId = _identity.UnitId,
            Version = _identity.Version,
            Simulated = _identity.Simulated,
            Ready = logic ? p.Ready : null,
            McuLinked = p.McuLinked,
            Coolant = status is { } s ? new CoolantState(Celsius(s.SupplyCc), Celsius(s.ReturnCc), Control.SetpointC) : null,
            CompressorPercent = status?.CompressorActualPct,
            Broker = new BrokerState(_broker.IsConnected, Backlog: null),
            Channels =
            [
                Channel(CapChannel.A, p.Board?.CapA, status?.FlowAClpm, logic ? p.InterruptedA.Shown() : null),
                Channel(CapChannel.B, p.Board?.CapB, status?.FlowBClpm, logic ? p.InterruptedB.Shown() : null),
            ],
            Alarms = p.Alarms,
            Engine = new EngineState(p.Ticks, p.LateTicks, p.DeviceSeconds),
        };
    }

    private static ChannelState Channel(CapChannel channel, bool? cap, ushort? flowClpm, string? interrupted) => new()
    {
        Channel = channel.Name(),
        State = "idle",
        CapConnected = cap,
        FlowLpm = flowClpm / 100.0,
        Interrupted = interrupted,
    };

    private static double? Celsius(short centiDegrees) =>
        centiDegrees == ProtocolConstants.TemperatureNotAvailable ? null : centiDegrees / 100.0;

    /// <summary>One tick's figures as published: values only (the alarm list is rebuilt only when it changes).</summary>
    private readonly record struct Published(
        long Ticks,
        long LateTicks,
        double DeviceSeconds,
        bool? McuLinked,
        Status? Status,
        BoardInputs? Board,
        Interruption InterruptedA,
        Interruption InterruptedB,
        IReadOnlyList<AlarmState>? Alarms,
        bool Ready);
}
