using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>Reservoir empty: the empty switch for 1 s, high priority, the safe state (the pump never runs dry), a safety-stop interruption.</summary>
public sealed class ReservoirEmptyConditionTests : TestEnvironment
{
    [Fact]
    public void An_empty_reservoir_is_detected_within_1_s_and_stops_the_pump()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        var emptiedAt = unit.Uptime;
        unit.Unit.Plant.CoolantLitres = 0.5;
        var detection = unit.RunUntil(() => unit.IsRaised("reservoir-empty"), TimeSpan.FromSeconds(3), "reservoir-empty alarm");

        // The 1 s rule, plus one tick for the STATUS with the level to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms, before the 1 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(1.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("reservoir-empty")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Unit.Plant.PumpRunning);

        // The MCU trips on its own switch too (after its 4-sample debounce), so the safe state began with it.
        Assert.True(unit.IsRaised("mcu-reservoir-empty"));
        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A) & Interruption.SafetyStop);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.True(started.At > emptiedAt && started.At <= emptiedAt + TimeSpan.FromSeconds(1.1), $"interruption dated {started.At}, emptied at {emptiedAt}");
        Assert.Equal("safety-stop", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void The_host_stops_the_pump_on_its_own_even_if_the_MCUs_firmware_does_not_check_the_level()
    {
        // Firmware without the reservoir-level capability: the MCU reports the switch but never trips on it.
        var firmware = new McuEmulatorOptions { Capabilities = Capabilities.FlowPerChannel | Capabilities.ReturnPerChannel };
        using var unit = new UnitUnderTest(LoggerFactory, mcu: firmware);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        unit.Unit.Plant.CoolantLitres = 0.5;
        var detection = unit.RunUntil(() => unit.IsRaised("reservoir-empty"), TimeSpan.FromSeconds(3), "reservoir-empty alarm");

        Assert.True(detection <= TimeSpan.FromSeconds(1.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Null(unit.Open("mcu-reservoir-empty"));
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Unit.Plant.PumpRunning);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(unit.Open("reservoir-empty")!.RaisedUptime - TimeSpan.FromSeconds(1), started.At);

        unit.Unit.Plant.CoolantLitres = unit.Unit.Plant.Constants.CoolantFullLitres;
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.True(unit.InSafeState);
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.True(unit.Unit.Plant.PumpRunning);
    }

    [Fact]
    public void Refilled_the_unit_stays_safe_until_acknowledged_and_then_cools_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.CoolantLitres = 0.5;
        unit.RunUntil(() => unit.IsRaised("reservoir-empty"), TimeSpan.FromSeconds(3), "reservoir-empty alarm");

        unit.Unit.Plant.CoolantLitres = unit.Unit.Plant.Constants.CoolantFullLitres;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("reservoir-empty")!.State);

        // Acknowledging clears both the host's alarm and, through the link, the MCU's latch.
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(2), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("reservoir-empty"));
        Assert.Null(unit.Open("mcu-reservoir-empty"));
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && !i.Started);
    }
}
