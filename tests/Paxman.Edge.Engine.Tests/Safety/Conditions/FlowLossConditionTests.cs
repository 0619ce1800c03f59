using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Flow loss: below 0.3 L/min for 5 s on a channel whose valve is open, medium priority, a flow-loss interruption on
/// that channel only, dated from the first low sample; clears by itself when the flow is back.
/// </summary>
public sealed class FlowLossConditionTests : TestEnvironment
{
    [Theory]
    [InlineData(CapChannel.A)]
    [InlineData(CapChannel.B)]
    public void A_blocked_hose_is_detected_within_5_s_and_interrupts_only_its_channel(CapChannel blocked)
    {
        var other = blocked == CapChannel.A ? CapChannel.B : CapChannel.A;
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        Assert.Null(unit.Open("flow-loss"));
        unit.Unit.SetCap(CapChannel.A, true);
        unit.ConnectAndSettle(CapChannel.B);

        var blockedAt = unit.Uptime;
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, blocked));
        var detection = unit.RunUntil(() => unit.IsRaised("flow-loss"), TimeSpan.FromSeconds(10), "flow-loss alarm");

        // The 5 s rule, plus one tick for the STATUS with the flow to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(5), $"detected after {detection.TotalMilliseconds} ms, before the 5 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(5.1), $"detected after {detection.TotalMilliseconds} ms");
        var occurrence = unit.Open("flow-loss", blocked)!;
        Assert.Equal(AlarmPriority.Medium, occurrence.Priority);
        Assert.Equal(blocked, occurrence.Channel);
        Assert.Null(unit.Open("flow-loss", other));

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.Valve(blocked));
        Assert.True(unit.Engine.Output.Valve(other));
        Assert.True(unit.Engine.Output.Pump);
        Assert.True(unit.Engine.Snapshot.FlowLpm(other) > 0.7);

        // Interrupted from the first low sample (the tick after the block), on that channel only.
        Assert.Equal(Interruption.FlowLoss, unit.Causes(blocked));
        Assert.Equal(Interruption.None, unit.Causes(other));
        var started = Assert.Single(unit.Interruptions, i => i.Started);
        Assert.Equal(blocked, started.Channel);
        Assert.Equal(Interruption.FlowLoss, started.Cause);
        Assert.Equal(blockedAt + TimeSpan.FromMilliseconds(100), started.At);
        Assert.Equal("flow-loss", unit.State.Channels[(int)blocked].Interrupted);
        Assert.Null(unit.State.Channels[(int)other].Interrupted);
    }

    [Fact]
    public void The_alarm_and_the_interruption_end_by_themselves_when_the_flow_is_back()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
        unit.RunUntil(() => unit.IsRaised("flow-loss"), TimeSpan.FromSeconds(10), "flow-loss alarm");
        unit.Run(TimeSpan.FromSeconds(5));

        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, false, CapChannel.A));
        var cleared = unit.RunUntil(() => !unit.IsRaised("flow-loss"), TimeSpan.FromSeconds(1), "flow-loss cleared");

        Assert.True(cleared <= TimeSpan.FromMilliseconds(100), $"cleared after {cleared.TotalMilliseconds} ms");
        Assert.DoesNotContain(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Acknowledged);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.FlowLoss && !i.Started && i.At == unit.Uptime);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void A_failed_pump_loses_the_flow_of_both_channels()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.SetCap(CapChannel.A, true);
        unit.ConnectAndSettle(CapChannel.B);

        unit.Unit.Apply(new FaultChange(SimulatedFault.PumpFail, true));
        var detection = unit.RunUntil(() => unit.IsRaised("flow-loss", CapChannel.A) && unit.IsRaised("flow-loss", CapChannel.B),
            TimeSpan.FromSeconds(10), "flow-loss on both channels");

        Assert.True(detection <= TimeSpan.FromSeconds(5.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(Interruption.FlowLoss, unit.Causes(CapChannel.A));
        Assert.Equal(Interruption.FlowLoss, unit.Causes(CapChannel.B));
        Assert.False(unit.InSafeState);
    }
}
