using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>The MCU's fault line disagreeing with its STATUS for 1 s: high priority, the safe state, a safety-stop interruption.</summary>
public sealed class McuFaultLineConditionTests : TestEnvironment
{
    [Fact]
    public void A_fault_line_stuck_asserted_without_a_latch_is_detected_within_1_5_s_and_holds_the_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        unit.Unit.Apply(new FaultChange(SimulatedFault.FaultLineStuck, true));
        var detection = unit.RunUntil(() => unit.IsRaised("mcu-fault-line"), TimeSpan.FromSeconds(3), "mcu-fault-line alarm");

        // The 1 s rule, plus the board's debounce of the line.
        Assert.True(detection >= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms, before the 1 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(1.5), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("mcu-fault-line")!.Priority);
        Assert.DoesNotContain(unit.Engine.Safety.Alarms.Open, a => a.Code.StartsWith("mcu-", StringComparison.Ordinal) && a.Code != "mcu-fault-line");
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        Assert.Equal("safety-stop", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void A_fault_line_shorted_healthy_is_detected_within_1_5_s_of_an_MCU_latch_it_fails_to_signal()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(new FaultChange(SimulatedFault.FaultLineShorted, true));
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.False(unit.IsRaised("mcu-fault-line"));

        // The MCU trips on its own over-cooling: it drives its line to "fault", but the shorted line still reads healthy.
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling"), TimeSpan.FromSeconds(2), "mcu-over-cooling alarm");
        var detection = unit.RunUntil(() => unit.IsRaised("mcu-fault-line"), TimeSpan.FromSeconds(3), "mcu-fault-line alarm");

        Assert.True(detection <= TimeSpan.FromSeconds(1.5), $"detected {detection.TotalMilliseconds} ms after the latch");
        Assert.False(unit.Engine.Snapshot.Board.McuFault);
        Assert.True(unit.InSafeState);
    }

    [Fact]
    public void The_fault_line_alarm_is_reset_only_by_an_acknowledgement_after_the_line_agrees_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(new FaultChange(SimulatedFault.FaultLineStuck, true));
        unit.Run(TimeSpan.FromSeconds(3));
        Assert.True(unit.IsRaised("mcu-fault-line"));

        unit.Unit.Apply(new FaultChange(SimulatedFault.FaultLineStuck, false));
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.InSafeState);
        Assert.True(unit.Open("mcu-fault-line")!.ConditionEnded);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        Assert.Null(unit.Open("mcu-fault-line"));
    }

    [Fact]
    public void A_real_MCU_latch_raises_no_fault_line_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.CoolantLitres = 0.5;
        unit.Run(TimeSpan.FromSeconds(10));

        Assert.True(unit.IsRaised("mcu-reservoir-empty"));
        Assert.Null(unit.Open("mcu-fault-line"));
    }
}
