using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>Flow restricted: 0.3-0.7 L/min for 30 s on a channel whose valve is open, low priority, no interruption; clears by itself.</summary>
public sealed class FlowRestrictedConditionTests : TestEnvironment
{
    [Fact]
    public void A_kinked_hose_is_detected_within_30_s_without_interrupting_the_cap()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // 40 % of the 1.2 L/min: about 0.48 L/min, well inside the band even with the sensor's noise.
        unit.Unit.Plant.SetFlowRestriction(CapChannel.A, 0.4);
        var detection = unit.RunUntil(() => unit.IsRaised("flow-restricted"), TimeSpan.FromSeconds(40), "flow-restricted alarm");

        // The 30 s rule, plus one tick for the STATUS with the flow to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(30), $"detected after {detection.TotalMilliseconds} ms, before the 30 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(30.1), $"detected after {detection.TotalMilliseconds} ms");
        var occurrence = unit.Open("flow-restricted")!;
        Assert.Equal(AlarmPriority.Low, occurrence.Priority);
        Assert.Equal(CapChannel.A, occurrence.Channel);
        Assert.Null(unit.Open("flow-loss"));

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.ValveA);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
        Assert.Empty(unit.Interruptions);
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void The_alarm_ends_by_itself_when_the_hose_is_straightened()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.SetFlowRestriction(CapChannel.A, 0.4);
        unit.RunUntil(() => unit.IsRaised("flow-restricted"), TimeSpan.FromSeconds(40), "flow-restricted alarm");

        unit.Unit.Plant.SetFlowRestriction(CapChannel.A, 1);
        var cleared = unit.RunUntil(() => !unit.IsRaised("flow-restricted"), TimeSpan.FromSeconds(1), "flow-restricted cleared");

        Assert.True(cleared <= TimeSpan.FromMilliseconds(100), $"cleared after {cleared.TotalMilliseconds} ms");
        Assert.DoesNotContain(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Acknowledged);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }

    [Fact]
    public void A_hose_restricted_below_0_3_L_per_min_is_a_flow_loss_not_a_restriction()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // 15 %: about 0.18 L/min.
        unit.Unit.Plant.SetFlowRestriction(CapChannel.A, 0.15);
        unit.Run(TimeSpan.FromSeconds(40));

        Assert.NotNull(unit.Open("flow-loss", CapChannel.A));
        Assert.Null(unit.Open("flow-restricted"));
    }
}
