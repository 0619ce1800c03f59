using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>Chill-down timeout: not ready 45 min after power-on, high priority, no safe state; clears when the unit becomes ready.</summary>
public sealed class ChillDownTimeoutConditionTests : TestEnvironment
{
    [Fact]
    public void A_unit_not_ready_45_min_after_power_on_raises_the_alarm_at_that_instant()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));

        var detection = unit.RunUntil(() => unit.IsRaised("chill-down-timeout"), TimeSpan.FromMinutes(46), "chill-down-timeout alarm");

        // At 45 min of engine uptime, which starts one tick after the unit: one tick of allowance.
        Assert.True(detection >= TimeSpan.FromMinutes(45), $"detected after {detection}, before 45 min");
        Assert.True(detection <= TimeSpan.FromMinutes(45) + TimeSpan.FromMilliseconds(100), $"detected after {detection}");
        Assert.Equal(AlarmPriority.High, unit.Open("chill-down-timeout")!.Priority);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.Pump);
        Assert.True(unit.Engine.Output.CompressorPct > 0);
    }

    [Fact]
    public void Once_the_unit_is_ready_the_alarm_waits_for_acknowledgement_and_then_clears()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.IsRaised("chill-down-timeout"), TimeSpan.FromMinutes(46), "chill-down-timeout alarm");

        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, false));
        unit.RunUntilReady();
        unit.Run(TimeSpan.FromMilliseconds(200));
        var occurrence = unit.Open("chill-down-timeout");
        Assert.NotNull(occurrence);
        Assert.False(occurrence.ConditionActive);
        Assert.Equal(AlarmOccurrenceState.Raised, occurrence.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Null(unit.Open("chill-down-timeout"));
    }
}
