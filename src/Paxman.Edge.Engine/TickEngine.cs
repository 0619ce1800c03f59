using Paxman.Edge.Core;
using Paxman.Edge.Core.State;

namespace Paxman.Edge.Engine;

/// <summary>
/// The synchronous tick engine (ARCHITECTURE.md, "The engine"). Each <see cref="Tick"/> runs on one thread,
/// in a fixed order, and ends by publishing one immutable <see cref="UnitState"/>.
/// So far only the state is built: the link, sensing, safety, control and sessions join as their issues land,
/// and until then their fields stay null.
/// </summary>
public sealed class TickEngine
{
    private static readonly string[] ChannelNames = ["A", "B"];

    private readonly UnitIdentity _identity;
    private readonly IBrokerStatus _broker;
    private long? _firstTimestamp;
    private long _ticks;
    private UnitState _state;

    public TickEngine(UnitIdentity identity, IBrokerStatus broker, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        _broker = broker;
        Time = time;
        _state = BuildState(deviceSeconds: 0, lateTicks: 0);
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

        var state = BuildState(deviceSeconds, lateTicks);
        Volatile.Write(ref _state, state);
        StatePublished?.Invoke(state);
        return state;
    }

    private UnitState BuildState(double deviceSeconds, long lateTicks) => new()
    {
        UnitId = _identity.UnitId,
        Version = _identity.Version,
        Simulated = _identity.Simulated,
        Broker = new BrokerState(_broker.IsConnected, Backlog: null),
        Channels = Array.ConvertAll(ChannelNames, name => new ChannelState { Channel = name, State = "idle" }),
        Engine = new EngineState(_ticks, lateTicks, deviceSeconds),
    };
}
