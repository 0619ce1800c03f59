using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// MCU latched: the MCU holds a latched fault (host-silent aside), high priority with the MCU's reason, the safe
/// state; a person's acknowledgement, once the cause is gone, clears the latch through the link.
/// </summary>
public sealed class McuLatchedConditionTests : TestEnvironment
{
    [Fact]
    public void The_MCUs_over_cooling_trip_is_raised_as_soon_as_its_STATUS_arrives_and_the_unit_is_safe()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // -12 C is below the MCU's own -11 C trip.
        unit.Unit.Plant.ForcedSupplyC = -12;
        var latched = unit.RunUntil(() => unit.Engine.Snapshot.McuLatched != McuFaults.None, TimeSpan.FromSeconds(2), "latch in STATUS");

        // The MCU's 4-sample debounce at 10 Hz, and one tick to the engine.
        Assert.True(latched <= TimeSpan.FromMilliseconds(500), $"MCU latched after {latched.TotalMilliseconds} ms");
        Assert.True(unit.IsRaised("mcu-latched"), "not raised in the tick whose STATUS carried the latch");
        var occurrence = unit.Open("mcu-latched")!;
        Assert.Equal(AlarmPriority.High, occurrence.Priority);
        Assert.Contains("over-cooling", occurrence.Message, StringComparison.Ordinal);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);

        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
    }

    [Fact]
    public void Acknowledged_once_the_cause_is_gone_the_latch_is_cleared_through_the_link_and_cooling_resumes()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.IsRaised("mcu-latched"), TimeSpan.FromSeconds(2), "mcu-latched alarm");
        unit.Run(TimeSpan.FromSeconds(2));

        // The force is removed: the MCU's latch waits for a person, so the unit stays safe; the alarm's condition (the
        // cause) has ended, so the next acknowledgement resets it.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.True(unit.Open("mcu-latched")!.ConditionEnded);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.True(unit.Unit.Board.CoolingEnable);
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void Acknowledged_while_the_cause_persists_the_latch_holds_and_the_unit_stays_safe()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.IsRaised("mcu-latched"), TimeSpan.FromSeconds(2), "mcu-latched alarm");

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        // The cause goes, but the MCU's latch still waits for a person: the acknowledged alarm stays, and so does the safe state.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.Equal(AlarmOccurrenceState.Acknowledged, unit.Open("mcu-latched")!.State);
        Assert.True(unit.InSafeState);

        // Acknowledged again, now that the cause is gone, the latch clears.
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }
}
