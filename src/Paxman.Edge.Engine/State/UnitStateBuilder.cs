using Paxman.Edge.Core;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine.Sensing;

namespace Paxman.Edge.Engine.State;

/// <summary>
/// Builds the immutable <see cref="UnitState"/> (<c>GET /api/status</c>) from a tick's published figures, when a
/// reader asks: at most once per tick, on the reader's thread.
/// </summary>
internal sealed class UnitStateBuilder
{
    private readonly UnitIdentity _identity;
    private readonly IBrokerStatus _broker;
    private readonly bool _logic;

    /// <param name="logic">The engine runs the unit's logic (it has a chiller); a bare engine publishes only its identity and figures.</param>
    public UnitStateBuilder(UnitIdentity identity, IBrokerStatus broker, bool logic)
    {
        _identity = identity;
        _broker = broker;
        _logic = logic;
    }

    public UnitState Build(in PublishedTick p)
    {
        var status = p.Status;
        return new UnitState
        {
            UnitId = _identity.UnitId,
            Version = _identity.Version,
            Simulated = _identity.Simulated,
            Ready = _logic ? p.Ready : null,
            McuLinked = p.McuLinked,
            Coolant = status is { } s ? new CoolantState(SnapshotBuilder.Celsius(s.SupplyCc), SnapshotBuilder.Celsius(s.ReturnCc), p.SetpointC) : null,
            CompressorPercent = status?.CompressorActualPct,
            Broker = new BrokerState(_broker.IsConnected, _broker.Backlog, _broker.OldestUndeliveredAt),
            Channels =
            [
                Channel(CapChannel.A, p.Board?.CapA, status?.FlowAClpm, p.A),
                Channel(CapChannel.B, p.Board?.CapB, status?.FlowBClpm, p.B),
            ],
            Alarms = p.Alarms,
            At = p.At,
            Engine = new EngineState(p.Ticks, p.LateTicks, p.DeviceSeconds),
        };
    }

    private ChannelState Channel(CapChannel channel, bool? cap, ushort? flowClpm, in ChannelPublished c) => new()
    {
        Channel = channel.Name(),
        State = c.Phase.Name(),
        CapConnected = cap,
        FlowLpm = flowClpm / 100.0,
        Interrupted = _logic ? c.Interrupted.Shown() : null,
        Session = c.SessionId is null ? null : new SessionSummary(c.SessionId, c.Phase.Name(), c.Outcome, c.ElapsedSeconds, c.RemainingSeconds),
    };
}
