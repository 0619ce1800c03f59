using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Flow unconfirmed: a cap on a patient warms the coolant passing through it, so with the valve open and the flow
/// sensor reading flow, the channel's return must sit at least 0.2 C above the supply (filtered); below that for 30 s,
/// coolant is not passing through the cap whatever the flow sensor says (a kinked hose behind a sensor stuck in
/// range): a medium alarm and a <c>flow-loss</c> interruption on that channel only.
/// </summary>
public sealed class FlowUnconfirmedConditionTests : TestEnvironment
{
    [Theory]
    [InlineData(CapChannel.A)]
    [InlineData(CapChannel.B)]
    public void A_kinked_hose_behind_a_stuck_flow_sensor_is_detected_within_45_s_on_its_channel_only(CapChannel kinked)
    {
        var other = kinked == CapChannel.A ? CapChannel.B : CapChannel.A;
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.SetCap(CapChannel.A, true);
        unit.ConnectAndSettle(CapChannel.B);

        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowSensorStuck, true, kinked));
        unit.Run(TimeSpan.FromMinutes(1));
        Assert.Empty(unit.AlarmChanges);
        var kinkedAt = unit.Uptime;
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, kinked));
        var detection = unit.RunUntil(() => unit.IsRaised("flow-unconfirmed"), TimeSpan.FromSeconds(90), "flow-unconfirmed alarm");

        // The flow sensor still reads flow, so flow-loss cannot see it; the return temperature does, within 30 s of
        // its filtered rise falling below 0.2 C (a few seconds of sensor lag and filter).
        Assert.True(unit.Engine.Snapshot.FlowLpm(kinked) > 1);
        Assert.Null(unit.Open("flow-loss"));
        Assert.True(detection >= TimeSpan.FromSeconds(30), $"detected after {detection.TotalSeconds} s, before the 30 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(45), $"detected after {detection.TotalSeconds} s");
        var occurrence = unit.Open("flow-unconfirmed", kinked)!;
        Assert.Equal(AlarmPriority.Medium, occurrence.Priority);
        Assert.Equal(kinked, occurrence.Channel);
        Assert.Null(unit.Open("flow-unconfirmed", other));
        var raisedAt = unit.Uptime;

        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.Valve(kinked) && unit.Engine.Output.Valve(other));
        Assert.Equal(Interruption.FlowLoss, unit.Causes(kinked));
        Assert.Equal(Interruption.None, unit.Causes(other));
        var started = Assert.Single(unit.Interruptions, i => i.Started);
        Assert.Equal(kinked, started.Channel);
        Assert.Equal(Interruption.FlowLoss, started.Cause);
        Assert.InRange(started.At, kinkedAt, raisedAt - TimeSpan.FromSeconds(30));
        Assert.Equal("flow-loss", unit.State.Channels[(int)kinked].Interrupted);
        Assert.Null(unit.State.Channels[(int)other].Interrupted);
    }

    [Fact]
    public void Once_the_hose_is_straightened_the_alarm_and_the_interruption_end_by_themselves()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowSensorStuck, true, CapChannel.A));
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
        unit.RunUntil(() => unit.IsRaised("flow-unconfirmed"), TimeSpan.FromSeconds(90), "flow-unconfirmed alarm");

        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, false, CapChannel.A));
        var cleared = unit.RunUntil(() => !unit.IsRaised("flow-unconfirmed"), TimeSpan.FromSeconds(30), "flow-unconfirmed cleared");

        // The cap warmed while nothing flowed: its coolant comes back warm within the sensor's lag and the filter.
        Assert.True(cleared <= TimeSpan.FromSeconds(10), $"cleared after {cleared.TotalSeconds} s");
        Assert.DoesNotContain(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Acknowledged);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.FlowLoss && !i.Started && i.At == unit.Uptime);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
    }

    [Fact]
    public void A_hot_cap_starting_on_one_channel_while_the_other_is_treated_raises_nothing_though_the_supply_rises()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // Cap B sits on its patient for 10 minutes before its session starts, so it dumps a lot of heat at once and
        // the supply rises faster than channel A's cap follows it.
        unit.Nurse = false;
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromMinutes(10));
        var supplyBefore = unit.Engine.Snapshot.SupplyC!.Value;
        _ = unit.Engine.PostAsync(() => unit.Engine.OpenSession(CapChannel.B,
            new NewSessionRequest { PatientRef = "P-B", OperatorId = "N-1", Regimen = "default" }).Refusal);
        unit.Nurse = true;
        unit.RunUntil(() => unit.Engine.Output.ValveB, TimeSpan.FromSeconds(5), "pre-cool on B");
        var hottest = double.MinValue;
        var end = unit.Now + TimeSpan.FromMinutes(10);
        unit.RunUntil(() =>
        {
            hottest = Math.Max(hottest, unit.Engine.Snapshot.SupplyC ?? hottest);
            return unit.Now >= end;
        }, TimeSpan.FromMinutes(11), "10 min of treatment on both");

        Assert.True(hottest - supplyBefore > 1.5, $"the supply rose by {hottest - supplyBefore} C only: the transient is not exercised");
        Assert.Empty(unit.AlarmChanges.Select(c => $"{c.Occurrence.Code} {c.Occurrence.Channel} {c.State}"));
        Assert.Empty(unit.Interruptions);
    }

    [Fact]
    public void Without_per_channel_return_sensors_the_common_return_confirms_a_channel_cooled_alone()
    {
        var firmware = new McuEmulatorOptions { Capabilities = Capabilities.FlowPerChannel | Capabilities.ReservoirLevel };
        using var unit = new UnitUnderTest(LoggerFactory, mcu: firmware);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        Assert.Null(unit.Engine.Snapshot.ReturnAC);
        Assert.Empty(unit.AlarmChanges);

        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowSensorStuck, true, CapChannel.A));
        unit.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
        var detection = unit.RunUntil(() => unit.IsRaised("flow-unconfirmed", CapChannel.A), TimeSpan.FromSeconds(90), "flow-unconfirmed alarm");

        Assert.True(detection <= TimeSpan.FromSeconds(45), $"detected after {detection.TotalSeconds} s");
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Interruption.FlowLoss, unit.Causes(CapChannel.A));
    }
}
