using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Coolant warm: supply above setpoint + 3 C for 60 s while a channel is being cooled (not in the 5 min after a
/// cap connects), medium priority, a coolant-warm interruption dated from the first warm sample; it clears by
/// itself when the coolant is cold again.
/// </summary>
public sealed class CoolantWarmConditionTests : TestEnvironment
{
    private const double WarmAboveC = -4 + 3;

    // coolant-warm's own rule: the slower accumulated one (coolant-above-setpoint, which also interrupts with
    // coolant-warm, from setpoint + 1 C) is held back where the dates and ends of the interruption are checked.
    private static readonly EngineOptions WarmRuleAlone = new() { Safety = new SafetyOptions { CoolingMaxErrorCSeconds = 1e9 } };

    [Fact]
    public void Coolant_warm_for_60_s_during_treatment_interrupts_the_channel_from_the_first_warm_sample()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: WarmRuleAlone);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // The compressor fails; with the cap on a patient the coolant warms by about 0.5 C a minute.
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        TimeSpan? warmSince = null;
        unit.RunUntil(() =>
        {
            // The start of the current unbroken run of warm samples (noise may break the first ones).
            warmSince = unit.Engine.Snapshot.SupplyC > WarmAboveC ? warmSince ?? unit.Uptime : null;
            return unit.IsRaised("coolant-warm");
        }, TimeSpan.FromMinutes(15), "coolant-warm alarm");

        var detection = unit.Uptime - warmSince!.Value;
        Assert.True(detection >= TimeSpan.FromSeconds(60), $"detected {detection.TotalSeconds} s after the first warm sample, before the 60 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(60.1), $"detected {detection.TotalSeconds} s after the first warm sample");
        Assert.Equal(AlarmPriority.Medium, unit.Open("coolant-warm")!.Priority);

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.ValveA);
        Assert.True(unit.Engine.Output.Pump);
        Assert.Equal(Interruption.CoolantWarm, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.CoolantWarm && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.Equal(warmSince.Value, started.At);
        Assert.Equal("coolant-warm", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void The_alarm_and_the_interruption_end_by_themselves_when_the_coolant_is_cold_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: WarmRuleAlone);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.IsRaised("coolant-warm"), TimeSpan.FromMinutes(15), "coolant-warm alarm");

        // Repaired: the compressor restarts after its 180 s rest and the coolant cools; nobody acknowledges.
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, false));
        unit.RunUntil(() => !unit.IsRaised("coolant-warm"), TimeSpan.FromMinutes(6), "coolant-warm cleared");

        Assert.True(unit.Engine.Snapshot.SupplyC <= WarmAboveC);
        Assert.Contains(unit.AlarmChanges, c => c.Occurrence.Code == "coolant-warm" && c.State == AlarmOccurrenceState.Cleared);
        Assert.DoesNotContain(unit.AlarmChanges, c => c.Occurrence.Code == "coolant-warm" && c.State == AlarmOccurrenceState.Acknowledged);
        var ended = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.CoolantWarm && !i.Started);
        Assert.Equal(unit.Uptime, ended.At);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void A_second_cap_connecting_does_not_end_an_alarm_already_raised_for_the_first()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.IsRaised("coolant-warm"), TimeSpan.FromMinutes(15), "coolant-warm alarm");

        // The new cap's grace is for its own heat; channel A's coolant is as warm as before.
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromMinutes(2));

        Assert.True(unit.IsRaised("coolant-warm"));
        Assert.Equal(Interruption.CoolantWarm, unit.Causes(CapChannel.A));
        Assert.DoesNotContain(unit.Interruptions, i => i.Cause == Interruption.CoolantWarm && !i.Started);
    }

    [Fact]
    public void Two_warm_caps_connected_together_warm_the_coolant_for_over_a_minute_and_that_is_no_alarm()
    {
        // The PID alone: feed-forward at the valve (README, "Control") keeps two caps' warm spell under a minute, which
        // would leave the grace unexercised.
        using var unit = new UnitUnderTest(LoggerFactory, options: new EngineOptions { Control = new() { FeedForward = false } });
        unit.RunUntilReady();

        unit.Unit.SetCap(CapChannel.A, true);
        unit.Unit.SetCap(CapChannel.B, true);
        var connectedAt = unit.Uptime;
        TimeSpan? warmSince = null;
        var longestWarm = TimeSpan.Zero;
        while (unit.Uptime - connectedAt < TimeSpan.FromMinutes(7))
        {
            unit.Rig.Tick();
            warmSince = unit.Engine.Snapshot.SupplyC > WarmAboveC ? warmSince ?? unit.Uptime : null;
            if (warmSince is { } since && unit.Uptime - since > longestWarm)
            {
                longestWarm = unit.Uptime - since;
            }
        }

        // Without the 5 min grace this would be an alarm; by 7 min the coolant is cold again.
        Assert.True(longestWarm > TimeSpan.FromSeconds(60), $"warm for at most {longestWarm.TotalSeconds} s: the grace is not exercised");
        Assert.True(unit.Engine.Snapshot.SupplyC < WarmAboveC);
        Assert.Empty(unit.AlarmChanges);
        Assert.Empty(unit.Interruptions);
    }

    [Fact]
    public void Warm_coolant_raises_nothing_while_no_channel_is_cooled_and_for_5_min_after_a_cap_connects()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();

        // A session in pre-cool whose cap is unplugged (a bathroom break): nobody is being cooled while the coolant
        // warms past setpoint + 3 C and stays warm for minutes.
        unit.StartCooling(CapChannel.A);
        unit.Unit.SetCap(CapChannel.A, false);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.Engine.Snapshot.SupplyC > WarmAboveC + 0.5, TimeSpan.FromMinutes(20), "warm coolant");
        unit.Run(TimeSpan.FromSeconds(90));
        Assert.Null(unit.Open("coolant-warm"));

        // The cap connects again: its own heat warms the coolant further, and for 5 minutes that is no alarm.
        unit.Unit.SetCap(CapChannel.A, true);
        var connectedAt = unit.Uptime;
        unit.RunUntil(() => unit.IsRaised("coolant-warm"), TimeSpan.FromMinutes(8), "coolant-warm alarm after the grace");

        // The cap switch is debounced over two ticks; the rule then counts its 60 s from the end of the grace.
        var raisedAfter = unit.Uptime - connectedAt;
        Assert.True(raisedAfter >= TimeSpan.FromMinutes(6), $"raised {raisedAfter} after the cap connected, inside the grace");
        Assert.True(raisedAfter <= TimeSpan.FromMinutes(6) + TimeSpan.FromMilliseconds(300), $"raised {raisedAfter} after the cap connected");
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.CoolantWarm && i.Started);
        Assert.True(started.At >= connectedAt + TimeSpan.FromMinutes(5), $"interruption dated {started.At}, inside the grace");
        Assert.Equal(unit.Uptime - TimeSpan.FromSeconds(60), started.At);
    }
}
