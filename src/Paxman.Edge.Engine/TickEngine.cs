using Paxman.Edge.Core;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Core.State;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine;

/// <summary>
/// The synchronous tick engine (ARCHITECTURE.md, "The engine"). Each <see cref="Tick"/> runs on one thread,
/// in a fixed order, and ends by publishing one immutable <see cref="UnitState"/>.
/// So far: the MCU link (drained first, commanded last) and the state. Sensing on the board, safety, control
/// and sessions join as their issues land; until then their fields stay null and the chiller is commanded SAFE.
/// </summary>
public sealed class TickEngine
{
    private readonly UnitIdentity _identity;
    private readonly IBrokerStatus _broker;
    private readonly Chiller? _chiller;
    private readonly BoardIo? _board;
    private readonly ISafetyProbe? _probe;
    private long? _firstTimestamp;
    private long _ticks;
    private UnitState _state;

    public TickEngine(UnitIdentity identity, IBrokerStatus broker, TimeProvider time, Chiller? chiller = null, BoardIo? board = null, ISafetyProbe? probe = null)
    {
        _chiller = chiller;
        _board = board;
        _probe = probe;
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        _broker = broker;
        Time = time;
        _state = BuildState(deviceSeconds: 0, lateTicks: 0, link: null, board: null);
    }

    /// <summary>The clock every timeout and duration of the unit is read from.</summary>
    public TimeProvider Time { get; }

    /// <summary>The state published by the last tick (or the initial state before the first).</summary>
    public UnitState State => Volatile.Read(ref _state);

    /// <summary>Raised on the engine thread after each tick's state is published.</summary>
    public event Action<UnitState>? StatePublished;

    /// <summary>Runs one tick at monotonic timestamp <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">Now, from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="lateTicks">The driver's count of late ticks so far, reported in the state.</param>
    public UnitState Tick(long timestamp, long lateTicks = 0)
    {
        _firstTimestamp ??= timestamp;
        _ticks++;
        var deviceSeconds = Time.GetElapsedTime(_firstTimestamp.Value, timestamp).TotalSeconds;

        // 1. Drain the link (the simulated hardware first catches up to this tick's device time).
        var link = _chiller?.Receive(timestamp, Time);

        // 2. Board inputs (debounced) and the newest safety-probe reading (read on its own thread, never here).
        BoardInputs? board = _board?.Read();
        Probe = _probe?.Latest;

        var state = BuildState(deviceSeconds, lateTicks, link, board);

        // 8. The command to the MCU and the board outputs: no control exists yet, so the safe state.
        _chiller?.Link.Send(timestamp, McuCommand.Safe);
        _board?.Write(BoardOutputs.Safe);
        Volatile.Write(ref _state, state);
        StatePublished?.Invoke(state);
        return state;
    }

    /// <summary>The safety-probe reading taken by the last tick.</summary>
    public ProbeReading? Probe { get; private set; }

    private UnitState BuildState(double deviceSeconds, long lateTicks, McuLinkStatus? link, BoardInputs? board)
    {
        var status = link?.LastStatus;
        return new UnitState
        {
            UnitId = _identity.UnitId,
            Version = _identity.Version,
            Simulated = _identity.Simulated,
            McuLinked = link is { } l ? l.State is LinkState.Linked or LinkState.Degraded : null,
            Coolant = status is { } s ? new CoolantState(Celsius(s.SupplyCc), Celsius(s.ReturnCc), SetpointC: null) : null,
            CompressorPercent = status?.CompressorActualPct,
            Broker = new BrokerState(_broker.IsConnected, Backlog: null),
            Channels =
            [
                new ChannelState { Channel = "A", State = "idle", CapConnected = board?.CapA, FlowLpm = status?.FlowAClpm / 100.0 },
                new ChannelState { Channel = "B", State = "idle", CapConnected = board?.CapB, FlowLpm = status?.FlowBClpm / 100.0 },
            ],
            Engine = new EngineState(_ticks, lateTicks, deviceSeconds),
        };
    }

    private static double? Celsius(short centiDegrees) =>
        centiDegrees == ProtocolConstants.TemperatureNotAvailable ? null : centiDegrees / 100.0;
}
