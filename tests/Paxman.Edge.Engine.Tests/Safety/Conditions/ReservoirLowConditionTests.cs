using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>Reservoir low: the low-level switch for 2 s, medium priority, no safe state, no interruption; clears by itself on refill.</summary>
public sealed class ReservoirLowConditionTests : TestEnvironment
{
    [Fact]
    public void A_leak_below_the_low_level_switch_is_detected_within_2_s_and_cooling_goes_on()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, true));
        var detection = unit.RunUntil(() => unit.IsRaised("reservoir-low"), TimeSpan.FromSeconds(5), "reservoir-low alarm");

        // The 2 s rule, plus one tick for the STATUS with the level to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(2), $"detected after {detection.TotalMilliseconds} ms, before the 2 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(2.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.Medium, unit.Open("reservoir-low")!.Priority);

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.False(unit.OutputsSafe);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
        Assert.Null(unit.Open("reservoir-empty"));
    }

    [Fact]
    public void The_alarm_ends_by_itself_on_refill()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, true));
        unit.RunUntil(() => unit.IsRaised("reservoir-low"), TimeSpan.FromSeconds(5), "reservoir-low alarm");
        unit.Run(TimeSpan.FromSeconds(10));

        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, false));
        var cleared = unit.RunUntil(() => !unit.IsRaised("reservoir-low"), TimeSpan.FromSeconds(1), "reservoir-low cleared");

        Assert.True(cleared <= TimeSpan.FromMilliseconds(100), $"cleared after {cleared.TotalMilliseconds} ms");
        Assert.DoesNotContain(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Acknowledged);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }
}
