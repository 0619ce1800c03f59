using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Coolant above the setpoint (Klipper's verify_heater turned round for a chiller): once the unit has been ready,
/// while a channel is cooled, every sample above setpoint + 1 C adds its excess times dt to an error that a sample
/// within 1 C of the setpoint resets; past 300 C s a medium alarm and a <c>coolant-warm</c> interruption on every
/// cooled channel, dated from the first sample above the band, so the time is not billed. Nothing accumulates in
/// the 5 min after a channel starts being cooled (a warm cap's own heat).
/// </summary>
public sealed class CoolantAboveSetpointConditionTests : TestEnvironment
{
    private const double SetpointC = -4;
    private const double BandC = SetpointC + 1;

    [Fact]
    public void Coolant_stuck_2_9_C_above_the_setpoint_after_ready_is_detected_and_its_time_is_not_billed()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        var records = new List<SessionRecord>();
        unit.Engine.TickCompleted += produced => records.AddRange(produced.Records.Select(r => r.Record));
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.StartCooling(CapChannel.B);
        unit.Run(TimeSpan.FromMinutes(6));
        unit.RunUntil(() => unit.Engine.Snapshot.SupplyC < BandC - 0.5, TimeSpan.FromMinutes(10), "coolant back in the band");

        // The compressor loses its capacity (refrigerant lost, then partly back): the coolant warms quickly, then settles just below
        // setpoint + 3 C, where coolant-warm never looks. The rule is computed beside the unit from the readings it
        // gets: the excess over the band times dt, reset within the band.
        unit.Unit.Plant.CompressorCapacityFactor = 0;
        var error = 0.0;
        TimeSpan? outSince = null;
        var last = unit.Uptime;
        var recent = new Queue<double>();
        var holding = false;
        unit.RunUntil(() =>
        {
            var supply = unit.Engine.Snapshot.SupplyC!.Value;
            // Then the compressor keeps just enough of it to hold the coolant about 2.9 C above the setpoint.
            holding |= supply > SetpointC + 2.9;
            if (holding)
            {
                unit.Unit.Plant.CompressorCapacityFactor = supply > SetpointC + 2.9 ? 0.6 : 0.4;
            }

            if (supply > BandC)
            {
                outSince ??= unit.Uptime;
                error += (supply - BandC) * (unit.Uptime - last).TotalSeconds;
            }
            else
            {
                error = 0;
                outSince = null;
            }

            last = unit.Uptime;
            recent.Enqueue(supply);
            if (recent.Count > 300)
            {
                recent.Dequeue();
            }

            return unit.IsRaised("coolant-above-setpoint");
        }, TimeSpan.FromMinutes(30), "coolant-above-setpoint alarm");

        // Raised in the tick the error passed 300 C s, with the coolant 2.8-3.0 C above the setpoint.
        Assert.InRange(error, 300, 300.3);
        TestContext.Current.TestOutputHelper?.WriteLine($"{(unit.Uptime - outSince!.Value).TotalSeconds} s above the band, the last 30 s {recent.Average() - SetpointC:F2} C above the setpoint");
        Assert.InRange(recent.Average(), SetpointC + 2.8, SetpointC + 3.0);
        Assert.Null(unit.Open("coolant-warm"));
        var occurrence = unit.Open("coolant-above-setpoint")!;
        Assert.Equal(AlarmPriority.Medium, occurrence.Priority);
        Assert.Null(occurrence.Channel);

        // Both channels are interrupted from the first sample above the band; cooling goes on.
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.ValveA && unit.Engine.Output.ValveB);
        foreach (var channel in new[] { CapChannel.A, CapChannel.B })
        {
            Assert.Equal(Interruption.CoolantWarm, unit.Causes(channel));
            var started = Assert.Single(unit.Interruptions, i => i.Channel == channel && i.Started);
            Assert.Equal(Interruption.CoolantWarm, started.Cause);
            Assert.Equal(outSince!.Value, started.At);
            Assert.Equal("coolant-warm", unit.State.Channels[(int)channel].Interrupted);
        }

        // The session's record carries the interruption and the alarm, and bills only the time before it.
        Assert.Null(unit.Act(CapChannel.A, SessionAction.Abort, "device-fault"));
        unit.Run(TimeSpan.FromMilliseconds(200));
        var record = Assert.Single(records);
        var interruption = Assert.Single(record.Interruptions);
        Assert.Equal("coolant-warm", interruption.Cause);
        Assert.Equal(UnitUnderTest.Epoch + outSince!.Value, interruption.StartedAt, TimeSpan.FromMilliseconds(150));
        Assert.Contains("coolant-above-setpoint", record.Alarms);
        var precool = Assert.Single(record.Phases);
        Assert.True(precool.InterruptedSeconds >= (unit.Uptime - outSince!.Value).TotalSeconds - 2, $"{precool.InterruptedSeconds} s interrupted");
        Assert.Equal(precool.Seconds - precool.InterruptedSeconds, record.BillableSeconds.Precool);
    }

    [Fact]
    public void Back_within_1_C_of_the_setpoint_the_alarm_and_the_interruption_end_by_themselves()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.Run(TimeSpan.FromMinutes(6));
        unit.Unit.Plant.CompressorCapacityFactor = 0.2;
        unit.RunUntil(() => unit.IsRaised("coolant-above-setpoint"), TimeSpan.FromMinutes(20), "coolant-above-setpoint alarm");

        // Repaired: the coolant cools, and the alarm clears at the first sample back within 1 C; nobody acknowledges.
        unit.Unit.Plant.CompressorCapacityFactor = 1;
        unit.RunUntil(() => !unit.IsRaised("coolant-above-setpoint"), TimeSpan.FromMinutes(20), "coolant-above-setpoint cleared");

        Assert.True(unit.Engine.Snapshot.SupplyC <= BandC);
        Assert.DoesNotContain(unit.AlarmChanges, c => c.State == AlarmOccurrenceState.Acknowledged);
        var ended = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.CoolantWarm && !i.Started);
        Assert.Equal(unit.Uptime, ended.At);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
    }

    [Fact]
    public void Two_warm_caps_connecting_together_in_a_30_C_room_raise_nothing()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.Unit.Plant.AmbientC = 30;
        unit.RunUntilReady();

        unit.Unit.SetCap(CapChannel.A, true);
        unit.Unit.SetCap(CapChannel.B, true);
        var hottest = double.MinValue;
        var end = unit.Now + TimeSpan.FromMinutes(40);
        unit.RunUntil(() =>
        {
            hottest = Math.Max(hottest, unit.Engine.Snapshot.SupplyC ?? hottest);
            return unit.Now >= end;
        }, TimeSpan.FromMinutes(41), "40 min of treatment");

        // The caps' heat takes the coolant well above the band for minutes: that is no fault.
        Assert.True(hottest > SetpointC + 3, $"the coolant peaked at {hottest} C: the transient is not exercised");
        Assert.Equal(SessionPhase.Precool, unit.Engine.Sessions[CapChannel.A].Phase);
        Assert.Empty(unit.AlarmChanges.Select(c => $"{c.Occurrence.Code} {c.State}"));
        Assert.Empty(unit.Interruptions);
    }

    [Fact]
    public void A_cap_connected_during_the_chill_down_raises_nothing_when_its_pre_cool_starts()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Run(TimeSpan.FromMinutes(5));
        unit.Unit.SetCap(CapChannel.A, true);
        unit.RunUntilReady();
        unit.RunUntil(() => unit.Engine.Output.ValveA, TimeSpan.FromSeconds(5), "pre-cool on A");
        unit.Run(TimeSpan.FromMinutes(40));

        Assert.Empty(unit.AlarmChanges.Select(c => $"{c.Occurrence.Code} {c.State}"));
        Assert.Empty(unit.Interruptions);
    }
}
