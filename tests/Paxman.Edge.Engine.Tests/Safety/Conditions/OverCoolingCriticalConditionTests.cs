using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Critical over-cooling: supply below -10 C, or the independent safety probe below -9 C, for 1 s: the full safe
/// state, high priority, a safety-stop interruption; left only after acknowledgement.
/// </summary>
public sealed class OverCoolingCriticalConditionTests : TestEnvironment
{
    [Fact]
    public void Supply_below_minus_10_C_for_1_s_puts_the_unit_in_its_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // -10.5 C: below the host's -10 C limit, above the MCU's own -11 C trip (so the MCU does not latch).
        var forcedAt = unit.Uptime;
        unit.Unit.Plant.ForcedSupplyC = -10.5;
        var detection = unit.RunUntil(() => unit.IsRaised("over-cooling-critical"), TimeSpan.FromSeconds(3), "over-cooling-critical alarm");

        // The 1 s rule, plus one tick for the STATUS carrying the reading to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms, before the 1 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(1.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("over-cooling-critical")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        Assert.Null(unit.Open("mcu-over-cooling"));

        // Interrupted from the first cold sample (the tick after the reading was forced).
        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A) & Interruption.SafetyStop);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.Equal(forcedAt + TimeSpan.FromMilliseconds(100), started.At);
        Assert.Equal("safety-stop", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void The_safety_probe_below_minus_9_C_for_1_s_puts_the_unit_in_its_safe_state_even_if_the_supply_sensor_reads_normal()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // The coolant really is at -9.6 C, but the supply sensor reads a normal -4 C: only the probe can tell.
        unit.Unit.Plant.ForcedSupplyC = -4;
        unit.Unit.Plant.SetCoolantTemperature(-9.6);
        var injectedAt = unit.Now;

        // The probe is read once per device second: the first cold reading arrives within 1 s.
        unit.RunUntil(() => unit.Engine.Probe?.Celsius < -9, TimeSpan.FromSeconds(1.1), "a cold probe reading");
        var firstCold = unit.Uptime;
        var detection = unit.RunUntil(() => unit.IsRaised("over-cooling-critical"), TimeSpan.FromSeconds(3), "over-cooling-critical alarm");
        Assert.True(detection <= TimeSpan.FromSeconds(1), $"detected {detection.TotalMilliseconds} ms after the first cold probe reading");
        Assert.True(unit.Now - injectedAt <= TimeSpan.FromSeconds(2.1), $"detected {(unit.Now - injectedAt).TotalMilliseconds} ms after the coolant went cold");
        Assert.Null(unit.Open("over-cooling"));
        Assert.Equal(AlarmPriority.High, unit.Open("over-cooling-critical")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(firstCold, started.At);

        // The coolant warms in the safe state; once the probe reads above -9 C the alarm waits for a person.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.RunUntil(() => !unit.Open("over-cooling-critical")!.ConditionActive, TimeSpan.FromMinutes(10), "probe above -9 C");
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("over-cooling-critical"));
        Assert.True(unit.Engine.Output.ValveA);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
    }

    [Fact]
    public void An_acknowledgement_while_still_too_cold_does_not_reset_the_trip_when_the_coolant_warms()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -10.5;
        unit.RunUntil(() => unit.IsRaised("over-cooling-critical"), TimeSpan.FromSeconds(3), "over-cooling-critical alarm");

        // Acknowledged while still cold: silenced, still safe.
        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Unit.Board.Buzzer);

        // Back in range: nobody has decided anything since, so the unit stays safe and the pump stays off.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(30));
        Assert.True(unit.InSafeState, "the safe state ended by itself after an early acknowledgement");
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Engine.Output.ValveA);
        Assert.Equal(AlarmOccurrenceState.Acknowledged, unit.Open("over-cooling-critical")!.State);
        Assert.Equal("safety-stop", unit.State.Channels[0].Interrupted);

        // A person acknowledges after the condition ended: reset, and cooling resumes.
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("over-cooling-critical"));
        Assert.True(unit.Engine.Output.ValveA);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && !i.Started);
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void Once_the_condition_has_ended_the_status_says_so_and_the_message_asks_for_the_reset()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.ForcedSupplyC = -10.5;
        unit.RunUntil(() => unit.IsRaised("over-cooling-critical"), TimeSpan.FromSeconds(3), "over-cooling-critical alarm");
        var raised = Assert.Single(unit.State.Alarms!, a => a.Code == "over-cooling-critical");
        Assert.False(raised.ConditionEnded);
        Assert.DoesNotContain("Condition ended", raised.Message, StringComparison.Ordinal);

        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(2));
        var ended = Assert.Single(unit.State.Alarms!, a => a.Code == "over-cooling-critical");
        Assert.True(ended.ConditionEnded);
        Assert.Equal("raised", ended.State);
        Assert.Equal(raised.AlarmId, ended.AlarmId);
        Assert.EndsWith("Condition ended: acknowledge to reset.", ended.Message, StringComparison.Ordinal);

        // The reset's changes carry that message (the journal and MQTT see it).
        unit.AcknowledgeAll();
        Assert.Empty(unit.State.Alarms!);
        var cleared = Assert.Single(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Cleared && c.Occurrence.Code == "over-cooling-critical");
        Assert.EndsWith("Condition ended: acknowledge to reset.", cleared.Occurrence.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_in_range_without_acknowledgement_the_unit_stays_safe()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.ForcedSupplyC = -10.5;
        unit.RunUntil(() => unit.IsRaised("over-cooling-critical"), TimeSpan.FromSeconds(3), "over-cooling-critical alarm");
        unit.Run(TimeSpan.FromSeconds(1));
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));

        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("over-cooling-critical")!.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.False(unit.InSafeState);
        Assert.Null(unit.Open("over-cooling-critical"));
    }
}
