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

        engine.Tick(_time.GetTimestamp());
        var state = engine.State;

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
        engine.Tick(_time.GetTimestamp());
        Assert.False(engine.State.Broker.Connected);

        _broker.IsConnected = true;
        engine.Tick(_time.GetTimestamp());

        Assert.True(engine.State.Broker.Connected);
    }

    [Fact]
    public void State_ShowsTheBrokersBacklogAndOldestUndeliveredRecord()
    {
        var engine = NewEngine();
        engine.Tick(_time.GetTimestamp());
        Assert.Equal(0, engine.State.Broker.Backlog);
        Assert.Null(engine.State.Broker.OldestUndeliveredAt);

        var oldest = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        _broker.Backlog = 3;
        _broker.OldestUndeliveredAt = oldest;
        _time.Advance(TimeSpan.FromMilliseconds(100));
        engine.Tick(_time.GetTimestamp());

        Assert.Equal(3, engine.State.Broker.Backlog);
        Assert.Equal(oldest, engine.State.Broker.OldestUndeliveredAt);
    }

    [Fact]
    public void Tick_LeavesFieldsWithoutASourceNull()
    {
        var engine = NewEngine();
        engine.Tick(_time.GetTimestamp());
        var state = engine.State;

        Assert.Null(state.Ready);
        Assert.Null(state.McuLinked);
        Assert.Null(state.Coolant);
        Assert.Null(state.CompressorPercent);
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
    public void State_IsBuiltOncePerTickFromThatTicksFigures()
    {
        var engine = NewEngine();
        engine.Tick(_time.GetTimestamp(), lateTicks: 3);
        var first = engine.State;

        Assert.Same(first, engine.State);
        Assert.Equal(3, first.Engine.LateTicks);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        engine.Tick(_time.GetTimestamp(), lateTicks: 4);
        var second = engine.State;
        Assert.NotSame(first, second);
        Assert.Equal(2, second.Engine.Ticks);
        Assert.Equal(4, second.Engine.LateTicks);
    }

    private TickEngine NewEngine(string unitId = "PX-SIM-0001") =>
        new(new UnitIdentity(unitId, "1.2.3", Simulated: true, _time.GetUtcNow()), _broker, _time);

    private sealed class FakeBroker : IBrokerStatus
    {
        public bool IsConnected { get; set; }

        public int Backlog { get; set; }

        public DateTimeOffset? OldestUndeliveredAt { get; set; }
    }
}
