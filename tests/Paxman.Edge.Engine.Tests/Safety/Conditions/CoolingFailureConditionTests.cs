using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Cooling failure: during the chill-down, with the compressor commanded, the supply must fall by 2 C in every
/// 300 s window; detected at the end of the first window that misses, high priority, no safe state.
/// </summary>
public sealed class CoolingFailureConditionTests : TestEnvironment
{
    [Fact]
    public void A_normal_chill_down_from_room_temperature_raises_no_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.RunUntilReady();

        Assert.True(unit.Now > TimeSpan.FromMinutes(15), $"ready after {unit.Now}: not a chill-down from the room");
        Assert.Empty(unit.AlarmChanges);
    }

    [Fact]
    public void A_compressor_that_fails_during_the_chill_down_is_detected_within_300_s()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Run(TimeSpan.FromMinutes(3));
        Assert.Empty(unit.AlarmChanges);

        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        var detection = unit.RunUntil(() => unit.IsRaised("cooling-failure"), TimeSpan.FromMinutes(6), "cooling-failure alarm");

        // The window that misses began at most 300 s before the fault, and ends at most 300 s after it; plus one tick.
        Assert.True(detection <= TimeSpan.FromSeconds(300.1), $"detected after {detection.TotalSeconds} s");
        Assert.Equal(AlarmPriority.High, unit.Open("cooling-failure")!.Priority);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.Pump);
        Assert.True(unit.Engine.Output.CompressorPct > 0);
        Assert.True(unit.Unit.Board.CoolingEnable);
    }

    [Fact]
    public void Once_the_coolant_falls_again_the_alarm_waits_for_acknowledgement_and_then_clears()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Run(TimeSpan.FromMinutes(3));
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.IsRaised("cooling-failure"), TimeSpan.FromMinutes(6), "cooling-failure alarm");

        // Repaired: the compressor restarts once its pressures have equalised (180 s), and the coolant falls again.
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, false));
        unit.RunUntil(() => !unit.Open("cooling-failure")!.ConditionActive, TimeSpan.FromMinutes(10), "cooling progressing again");
        unit.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("cooling-failure")!.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Null(unit.Open("cooling-failure"));
        Assert.False(unit.InSafeState);
    }
}
