using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// MCU latches: one alarm per MCU fault bit (host-silent aside, which the host clears itself), each with its own
/// code, message and latching, high priority, the safe state; a person's acknowledgement, once that bit's cause is
/// gone, clears that latch alone through the link.
/// </summary>
public sealed class McuLatchConditionTests : TestEnvironment
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
        Assert.True(unit.IsRaised("mcu-over-cooling"), "not raised in the tick whose STATUS carried the latch");
        var occurrence = unit.Open("mcu-over-cooling")!;
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
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling"), TimeSpan.FromSeconds(2), "mcu-over-cooling alarm");
        unit.Run(TimeSpan.FromSeconds(2));

        // The force is removed: the MCU's latch waits for a person, so the unit stays safe; the alarm's condition (the
        // cause) has ended, so the next acknowledgement resets it.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.True(unit.Open("mcu-over-cooling")!.ConditionEnded);
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
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling"), TimeSpan.FromSeconds(2), "mcu-over-cooling alarm");

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        // The cause goes, but the MCU's latch still waits for a person: the acknowledged alarm stays, and so does the safe state.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.Equal(AlarmOccurrenceState.Acknowledged, unit.Open("mcu-over-cooling")!.State);
        Assert.True(unit.InSafeState);

        // Acknowledged again, now that the cause is gone, the latch clears.
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }

    [Fact]
    public void A_second_latch_under_an_acknowledged_one_raises_its_own_sounding_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling"), TimeSpan.FromSeconds(2), "mcu-over-cooling alarm");

        // The host's own over-cooling rules follow within their 1 s; every alarm is acknowledged while the cold holds.
        unit.Run(TimeSpan.FromSeconds(2));
        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Engine.Safety.Alarms.Sounding());

        // The pump's drive fails while the first latch, acknowledged, still holds.
        unit.Unit.Plant.PumpDriveFault = true;
        var detection = unit.RunUntil(() => unit.Unit.Mcu.Latched.HasFlag(McuFaults.PumpFault), TimeSpan.FromSeconds(2), "pump-fault latch");
        unit.Run(TimeSpan.FromMilliseconds(200));

        var second = unit.Open("mcu-pump-fault");
        Assert.True(second is not null, $"no alarm of its own for the pump-fault latch ({detection.TotalMilliseconds} ms)");
        Assert.Equal(AlarmOccurrenceState.Raised, second.State);
        Assert.Equal(AlarmPriority.High, second.Priority);
        Assert.Contains("pump", second.Message, StringComparison.Ordinal);
        Assert.Equal(AlarmPriority.High, unit.Engine.Safety.Alarms.Sounding());
        Assert.Equal(AlarmOccurrenceState.Acknowledged, unit.Open("mcu-over-cooling")!.State);
        Assert.True(unit.InSafeState);
    }

    [Fact]
    public void Acknowledging_one_latch_clears_only_its_own_and_the_unit_stays_safe_for_the_other()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.Unit.Plant.PumpDriveFault = true;
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling") && unit.IsRaised("mcu-pump-fault"), TimeSpan.FromSeconds(2), "both MCU alarms");

        // Both causes go: each latch waits for a person.
        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Unit.Plant.PumpDriveFault = false;
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(McuFaults.OverCooling | McuFaults.PumpFault, unit.Unit.Mcu.Latched);

        unit.Acknowledge("mcu-over-cooling");
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(McuFaults.PumpFault, unit.Unit.Mcu.Latched);
        Assert.Null(unit.Open("mcu-over-cooling"));
        Assert.True(unit.Open("mcu-pump-fault")!.ConditionEnded);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.Acknowledge("mcu-pump-fault");
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
    }

    [Theory]
    [InlineData(McuFaults.OverCooling, "mcu-over-cooling", "-11 C")]
    [InlineData(McuFaults.SupplySensorRange, "mcu-supply-sensor-range", "supply sensor")]
    [InlineData(McuFaults.ReturnSensorRange, "mcu-return-sensor-range", "return sensor")]
    [InlineData(McuFaults.CompressorFault, "mcu-compressor-fault", "compressor drive")]
    [InlineData(McuFaults.PumpFault, "mcu-pump-fault", "pump drive")]
    [InlineData(McuFaults.ReservoirEmpty, "mcu-reservoir-empty", "reservoir")]
    [InlineData(McuFaults.BrownOut, "mcu-brown-out", "brown-out")]
    [InlineData((McuFaults)0x0100, "mcu-unknown-fault", "0x0100")]
    public void Each_MCU_latch_bit_raises_its_own_high_alarm_with_its_own_message_and_the_safe_state(McuFaults bit, string code, string says)
    {
        var supervisor = new SafetySupervisor(new SafetyOptions(), TimeSpan.TicksPerSecond);

        var verdict = supervisor.Evaluate(Context(supervisor, TimeSpan.FromSeconds(1), latched: bit, active: bit), UnitUnderTest.Epoch);

        var occurrence = Assert.Single(supervisor.Alarms.Open);
        Assert.Equal(code, occurrence.Code);
        Assert.Equal(AlarmPriority.High, occurrence.Priority);
        Assert.True(occurrence.Latching);
        Assert.Contains(says, occurrence.Message, StringComparison.Ordinal);
        Assert.True(verdict.SafeState);

        // The cause goes; the latch (still held by the MCU) keeps the unit safe, and its alarm waits for a person.
        verdict = supervisor.Evaluate(Context(supervisor, TimeSpan.FromSeconds(2), latched: bit, active: McuFaults.None), UnitUnderTest.Epoch.AddSeconds(1));
        Assert.True(verdict.SafeState);
        Assert.True(Assert.Single(supervisor.Alarms.Open).ConditionEnded);
    }

    [Fact]
    public void A_host_silent_latch_alone_raises_no_alarm()
    {
        var supervisor = new SafetySupervisor(new SafetyOptions(), TimeSpan.TicksPerSecond);

        var verdict = supervisor.Evaluate(Context(supervisor, TimeSpan.FromSeconds(1), McuFaults.HostSilent, McuFaults.None), UnitUnderTest.Epoch);

        Assert.Empty(supervisor.Alarms.Open);
        Assert.False(verdict.SafeState);
    }

    private static SafetyContext Context(SafetySupervisor supervisor, TimeSpan now, McuFaults latched, McuFaults active)
    {
        var snapshot = new PlantSnapshot
        {
            Timestamp = now.Ticks,
            Uptime = now,
            Link = McuLinkHealth.Linked,
            SupplyC = -4,
            SupplyRawCc = -400,
            ReturnC = -3,
            CompressorActualPct = 0,
            Reservoir = ReservoirLevel.Ok,
            McuLatched = latched,
            McuActive = active,
            // The MCU asserts its fault line while it holds a latch (firmware-protocol/safety.md).
            Board = new BoardInputs(CapA: false, CapB: false, StopPressed: false, McuFault: latched != McuFaults.None),
            Probe = new ProbeReading(-4, now.Ticks, ProbeFault.None),
        };
        return new SafetyContext(snapshot, supervisor.Options, setpointC: -4, commandedCompressorPct: 0, everReady: true, default, default);
    }
}
