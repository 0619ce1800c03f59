using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Supply sensor fault: "not available" or outside -30..60 C for 1 s, high priority, the safe state (control
/// cannot work blind), a safety-stop interruption; left only after acknowledgement.
/// </summary>
public sealed class SupplySensorFaultConditionTests : TestEnvironment
{
    [Theory]
    [InlineData(SimulatedFault.SensorOpen)]
    [InlineData(SimulatedFault.SensorShort)]
    public void A_failed_supply_sensor_is_detected_within_1_s_and_puts_the_unit_in_its_safe_state(SimulatedFault fault)
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        var failedAt = unit.Uptime;
        unit.Unit.Apply(new FaultChange(fault, true));
        var detection = unit.RunUntil(() => unit.IsRaised("supply-sensor-fault"), TimeSpan.FromSeconds(3), "supply-sensor-fault alarm");

        // The 1 s rule, plus one tick for the STATUS with the reading to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms, before the 1 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(1.1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("supply-sensor-fault")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);

        // The MCU latches its own range check too, after its 4-sample debounce; that latch is the first to demand
        // the safe state, so the interruption is dated from it, within 0.5 s of the sensor failing.
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.SupplySensorRange));
        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A) & Interruption.SafetyStop);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.True(started.At > failedAt && started.At <= failedAt + TimeSpan.FromMilliseconds(500), $"interruption dated {started.At}, failed at {failedAt}");
    }

    [Theory]
    [InlineData(SimulatedFault.SensorOpen)]
    [InlineData(SimulatedFault.SensorShort)]
    public void Repaired_the_unit_stays_safe_until_acknowledged_and_then_cools_again(SimulatedFault fault)
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(fault, true));
        unit.RunUntil(() => unit.IsRaised("supply-sensor-fault"), TimeSpan.FromSeconds(3), "supply-sensor-fault alarm");

        unit.Unit.Apply(new FaultChange(fault, false));
        unit.Run(TimeSpan.FromSeconds(3));
        Assert.False(unit.Open("supply-sensor-fault")!.ConditionActive);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(2), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && !i.Started);
    }
}
