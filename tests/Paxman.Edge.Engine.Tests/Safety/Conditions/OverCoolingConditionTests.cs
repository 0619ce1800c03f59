using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>Over-cooling: supply below -8 C for 1 s stops the compressor (only the compressor), high priority, no interruption.</summary>
public sealed class OverCoolingConditionTests : TestEnvironment
{
    private static readonly TimeSpan PastMinimumOffTime = TimeSpan.FromSeconds(new ControlOptions().CompressorMinOffSeconds + 20);

    [Fact]
    public void Supply_below_minus_8_C_for_1_s_raises_a_high_alarm_without_the_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // A precision resistor in place of the supply sensor: -9 C is below -8 C but above the -10 C safe-state
        // limit and the MCU's own -11 C trip, so only this condition applies.
        unit.Unit.Plant.ForcedSupplyC = -9;
        var detection = unit.RunUntil(() => unit.IsRaised("over-cooling"), TimeSpan.FromSeconds(3), "over-cooling alarm");

        // The 1 s rule, plus one tick for the STATUS carrying the reading to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms, before the 1 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(1.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("over-cooling")!.Priority);
        Assert.Null(unit.Open("over-cooling-critical"));

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.False(unit.OutputsSafe);
        Assert.Equal(0, unit.Engine.Output.CompressorPct);
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.True(unit.Unit.Board.CoolingEnable);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void The_compressor_is_stopped_even_when_control_would_keep_it_running()
    {
        // At a -7.8 C setpoint control holds the compressor at its minimum speed down to -8.3 C, so at -8.1 C only
        // the over-cooling rule stops it.
        var options = new EngineOptions { Control = new ControlOptions { SetpointC = -7.8 } };
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: -7.8, options: options);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        Assert.True(unit.Engine.Output.CompressorPct > 0);

        unit.Unit.Plant.ForcedSupplyC = -8.1;
        unit.Run(TimeSpan.FromMilliseconds(800));
        Assert.True(unit.Engine.Output.CompressorPct > 0, "control stops the compressor by itself: the test proves nothing");

        unit.RunUntil(() => unit.IsRaised("over-cooling"), TimeSpan.FromSeconds(1), "over-cooling alarm");
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, unit.Engine.Output.CompressorPct);
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);
        Assert.True(unit.Engine.Output.Pump);
        Assert.True(unit.Engine.Output.ValveA);
        Assert.False(unit.InSafeState);
    }

    [Fact]
    public void The_alarm_latches_until_acknowledged_after_the_supply_is_back()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.ForcedSupplyC = -9;
        unit.RunUntil(() => unit.IsRaised("over-cooling"), TimeSpan.FromSeconds(3), "over-cooling alarm");

        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        var occurrence = unit.Open("over-cooling");
        Assert.NotNull(occurrence);
        Assert.False(occurrence.ConditionActive);
        Assert.Equal(AlarmOccurrenceState.Raised, occurrence.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Null(unit.Open("over-cooling"));
        Assert.Contains(unit.AlarmChanges, c => c.Occurrence.Code == "over-cooling" && c.State == AlarmOccurrenceState.Cleared);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }

    [Fact]
    public void The_compressor_stays_off_after_the_coolant_is_back_above_minus_8_C_until_a_person_acknowledges()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -9;
        unit.RunUntil(() => unit.IsRaised("over-cooling"), TimeSpan.FromSeconds(3), "over-cooling alarm");
        unit.Run(TimeSpan.FromSeconds(1));

        // Back above -8 C, warm enough that control wants the compressor, and past its minimum off time (180 s), so
        // only the latched trip keeps it off.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(PastMinimumOffTime);
        Assert.True(unit.Engine.Snapshot.SupplyC > -8, $"supply {unit.Engine.Snapshot.SupplyC} C");
        Assert.True(unit.Open("over-cooling")!.ConditionEnded);
        Assert.Equal(0, unit.Engine.Output.CompressorPct);
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.False(unit.InSafeState);

        // A person acknowledges: control may run the compressor again.
        unit.AcknowledgeAll();
        unit.RunUntil(() => unit.Unit.Mcu.Drive.CompressorPct > 0, TimeSpan.FromSeconds(2), "compressor running again");
        Assert.Null(unit.Open("over-cooling"));
    }

    [Fact]
    public void An_acknowledgement_while_still_below_minus_8_C_does_not_let_the_compressor_restart_when_the_coolant_warms()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -9;
        unit.RunUntil(() => unit.IsRaised("over-cooling"), TimeSpan.FromSeconds(3), "over-cooling alarm");

        // Acknowledged while still too cold: that only acknowledges.
        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmOccurrenceState.Acknowledged, unit.Open("over-cooling")!.State);

        // Warmer again, past the compressor's minimum off time: only the latched trip can keep it off.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(PastMinimumOffTime);
        Assert.True(unit.Engine.Snapshot.SupplyC > -8, $"supply {unit.Engine.Snapshot.SupplyC} C");
        var occurrence = unit.Open("over-cooling");
        Assert.True(occurrence is not null, "the early acknowledgement reset the trip when the coolant warmed");
        Assert.True(occurrence.ConditionEnded);
        Assert.EndsWith("Condition ended: acknowledge to reset.", occurrence.Message, StringComparison.Ordinal);
        Assert.Equal(0, unit.Engine.Output.CompressorPct);
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);

        // Acknowledged again now that it has ended: reset, and the compressor may run.
        unit.AcknowledgeAll();
        unit.RunUntil(() => unit.Unit.Mcu.Drive.CompressorPct > 0, TimeSpan.FromSeconds(2), "compressor running again");
        Assert.Null(unit.Open("over-cooling"));
    }
}
