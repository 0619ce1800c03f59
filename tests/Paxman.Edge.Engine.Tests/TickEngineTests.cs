using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Engine.Tests;

public sealed class TickEngineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly FakeBroker _broker = new();

    [Fact]
    public void Tick_PublishesStateWithTheUnitsIdentity()
    {
        var engine = NewEngine("PX-TEST-0042");

        var state = engine.Tick(_time.GetTimestamp());

        Assert.Same(state, engine.State);
        Assert.Equal("PX-TEST-0042", state.UnitId);
        Assert.Equal("1.2.3", state.Version);
        Assert.True(state.Simulated);
    }

    [Fact]
    public void Tick_MeasuresDeviceTimeFromTimestamps()
    {
        var engine = NewEngine();
        engine.Tick(_time.GetTimestamp());
        for (var i = 0; i < 25; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            engine.Tick(_time.GetTimestamp());
        }

        Assert.Equal(26, engine.State.Engine.Ticks);
        Assert.Equal(2.5, engine.State.Engine.DeviceSeconds, precision: 6);
    }

    [Fact]
    public void Tick_ReadsTheBrokerConnectionEachTick()
    {
        var engine = NewEngine();
        Assert.False(engine.Tick(_time.GetTimestamp()).Broker.Connected);

        _broker.IsConnected = true;

        Assert.True(engine.Tick(_time.GetTimestamp()).Broker.Connected);
    }

    [Fact]
    public void Tick_LeavesFieldsWithoutASourceNull()
    {
        var state = NewEngine().Tick(_time.GetTimestamp());

        Assert.Null(state.Ready);
        Assert.Null(state.McuLinked);
        Assert.Null(state.Coolant);
        Assert.Null(state.CompressorPercent);
        Assert.Null(state.Broker.Backlog);
        Assert.Null(state.Alarms);
        Assert.Equal(["A", "B"], state.Channels.Select(c => c.Channel));
        Assert.All(state.Channels, c =>
        {
            Assert.Equal("idle", c.State);
            Assert.Null(c.CapConnected);
            Assert.Null(c.FlowLpm);
            Assert.Null(c.Session);
        });
    }

    [Fact]
    public void Tick_RaisesStatePublishedWithTheNewState()
    {
        var engine = NewEngine();
        UnitState? seen = null;
        engine.StatePublished += s => seen = s;

        var state = engine.Tick(_time.GetTimestamp(), lateTicks: 3);

        Assert.Same(state, seen);
        Assert.Equal(3, state.Engine.LateTicks);
    }

    private TickEngine NewEngine(string unitId = "PX-SIM-0001") =>
        new(new UnitIdentity(unitId, "1.2.3", Simulated: true, _time.GetUtcNow()), _broker, _time);

    private sealed class FakeBroker : IBrokerStatus
    {
        public bool IsConnected { get; set; }
    }
}
