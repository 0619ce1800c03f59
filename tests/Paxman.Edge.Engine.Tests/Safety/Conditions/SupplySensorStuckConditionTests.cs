using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Supply sensor stuck: the reading unchanged for 60 s while the compressor's speed changed, high priority, the
/// safe state, a safety-stop interruption dated from the last change of the reading.
/// </summary>
public sealed class SupplySensorStuckConditionTests : TestEnvironment
{
    [Fact]
    public void A_reading_frozen_for_60_s_while_the_compressor_speed_changes_puts_the_unit_in_its_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: PidAlone);
        StickWhileControlIsMoving(unit);
        var lastChange = unit.Uptime;

        var detection = unit.RunUntil(() => unit.IsRaised("supply-sensor-stuck"), TimeSpan.FromSeconds(70), "supply-sensor-stuck alarm");

        // The 60 s rule counts from the last live sample, one tick before the sensor stuck.
        Assert.True(detection >= TimeSpan.FromSeconds(59.9), $"detected after {detection.TotalSeconds} s, before the 60 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(60), $"detected after {detection.TotalSeconds} s");
        Assert.Equal(AlarmPriority.High, unit.Open("supply-sensor-stuck")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);

        // Nothing else saw it: the probe still agrees with the frozen reading.
        Assert.Single(unit.Engine.Safety.Alarms.Open);
        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(lastChange, started.At);
    }

    [Fact]
    public void Once_the_reading_moves_again_the_unit_stays_safe_until_acknowledged_and_then_cools_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: PidAlone);
        StickWhileControlIsMoving(unit);
        unit.RunUntil(() => unit.IsRaised("supply-sensor-stuck"), TimeSpan.FromSeconds(70), "supply-sensor-stuck alarm");

        unit.Unit.Apply(new FaultChange(SimulatedFault.SensorStuck, false));
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.False(unit.Open("supply-sensor-stuck")!.ConditionActive);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("supply-sensor-stuck"));
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
    }

    [Fact]
    public void A_reading_frozen_while_the_compressor_holds_full_speed_is_left_to_the_safety_probe()
    {
        // Chilling down from the room the compressor runs flat out; the reading freezes at about 20 C.
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Run(TimeSpan.FromMinutes(1));
        Assert.Equal(100, unit.Engine.Snapshot.CompressorActualPct);
        unit.Unit.Apply(new FaultChange(SimulatedFault.SensorStuck, true));

        // The rule needs the speed to change while the reading is frozen: at a constant 100 % it does not apply,
        // and the coolant, still falling, leaves the frozen reading more than 2 C behind: the probe catches it.
        unit.RunUntil(() =>
        {
            Assert.Null(unit.Open("supply-sensor-stuck"));
            return unit.IsRaised("probe-disagree");
        }, TimeSpan.FromMinutes(3), "probe-disagree alarm");
        Assert.Equal(100, unit.Engine.Snapshot.CompressorActualPct);
        Assert.True(unit.InSafeState);
    }

    /// <summary>
    /// A warm cap connects to a ready unit and lifts the supply; the sensor sticks 1 C above the setpoint, where
    /// the PID's integral keeps moving the compressor's speed (at the setpoint its speed could stay put).
    /// </summary>
    // The rule needs the compressor's speed to change. With feed-forward (README, "Control") the compressor is held at
    // full speed through the cap's heat, the very minutes this set-up sticks the sensor in, so it runs the PID alone (a
    // valid configuration, Control:FeedForward=false), whose speed moves with the rising coolant as before.
    private static EngineOptions PidAlone => new() { Control = new Paxman.Edge.Core.Control.ControlOptions { FeedForward = false } };

    private static void StickWhileControlIsMoving(UnitUnderTest unit)
    {
        unit.RunUntilReady();
        unit.Unit.SetCap(CapChannel.A, true);
        unit.RunUntil(() => unit.Engine.Snapshot.SupplyC > -3, TimeSpan.FromMinutes(2), "supply 1 C above the setpoint");
        unit.Unit.Apply(new FaultChange(SimulatedFault.SensorStuck, true));
    }
}
