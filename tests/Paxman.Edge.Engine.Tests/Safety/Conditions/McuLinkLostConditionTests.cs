using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// MCU link lost: no fresh STATUS for 1 s, high priority, the safe state, a link-lost interruption. The MCU's own
/// dead-man makes it safe too and latches host-silent, which the host clears by itself (never a person's alarm).
/// </summary>
public sealed class McuLinkLostConditionTests : TestEnvironment
{
    [Fact]
    public void A_cut_cable_is_detected_within_1_s_and_both_sides_go_safe()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        var cutAt = unit.Uptime;
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkDown, true));
        var detection = unit.RunUntil(() => unit.IsRaised("mcu-link-lost"), TimeSpan.FromSeconds(3), "mcu-link-lost alarm");

        // 1 s of silence from the last STATUS, which arrived in the tick before the cut.
        Assert.True(detection >= TimeSpan.FromSeconds(0.9), $"detected after {detection.TotalMilliseconds} ms, before 1 s of silence");
        Assert.True(detection <= TimeSpan.FromSeconds(1), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("mcu-link-lost")!.Priority);
        Assert.True(unit.InSafeState);

        // The host's side at once: cooling-enable low (in series with the compressor), beacon red.
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.Engine.BoardOutputs.CoolingEnable);
        Assert.False(unit.Unit.Board.CoolingEnable);
        Assert.Equal(Beacon.Red, unit.Engine.BoardOutputs.Beacon);
        Assert.Equal(0, unit.Unit.Plant.CompressorPct);

        // The MCU hears nothing, so its own 2 s dead-man stops the pump and closes the valves.
        var mcuSafe = unit.RunUntil(() => unit.OutputsSafe, TimeSpan.FromSeconds(3), "MCU safe by its dead-man");
        Assert.True(unit.Uptime - cutAt <= TimeSpan.FromSeconds(2.1), $"MCU safe {(unit.Uptime - cutAt).TotalMilliseconds} ms after the cut ({mcuSafe.TotalMilliseconds} ms after detection)");
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.HostSilent));

        Assert.Equal(Interruption.LinkLost, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Started);
        Assert.Equal(Interruption.LinkLost, started.Cause);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.True(started.At > cutAt && started.At <= cutAt + TimeSpan.FromSeconds(1), $"interruption dated {started.At}, cut at {cutAt}");
        Assert.Equal("link-lost", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void Reconnected_the_host_clears_host_silent_itself_and_cooling_resumes_only_after_acknowledgement()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // Long enough for the MCU's dead-man to latch host-silent and for the host to pulse the MCU's reset line.
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkDown, true));
        unit.Run(TimeSpan.FromSeconds(10));
        Assert.True(unit.Unit.Board.McuResetPulses > 0);
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.HostSilent));

        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkDown, false));
        unit.RunUntil(() => unit.State.McuLinked == true && unit.Unit.Mcu.Latched == McuFaults.None, TimeSpan.FromSeconds(3),
            "linked again with host-silent cleared");
        AssertSafeUntilAcknowledgedThenCoolingBack(unit);
    }

    [Fact]
    public void Commands_no_longer_acknowledged_while_status_still_arrives_are_link_loss_within_1_s()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        var applied = new List<uint>();
        unit.Unit.Mcu.Event += e =>
        {
            if (e is Simulation.Mcu.CommandApplied a)
            {
                applied.Add(a.Command.CmdSeq);
            }
        };

        // A one-way failure: the MCU hears nothing more, its STATUS still reaches the host.
        var cutAt = unit.Uptime;
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkHostToMcuDown, true));
        var detection = unit.RunUntil(() => unit.IsRaised("mcu-link-lost"), TimeSpan.FromSeconds(3), "mcu-link-lost alarm");

        // 1 s without the acknowledgement advancing, counted from the first command that never arrived (sent a tick
        // after the cut), and one tick for the supervisor to see it.
        Assert.Empty(applied);
        Assert.True(detection >= TimeSpan.FromSeconds(0.9), $"detected after {detection.TotalMilliseconds} ms, before 1 s without an acknowledgement");
        Assert.True(detection <= TimeSpan.FromSeconds(1.2), $"detected after {detection.TotalMilliseconds} ms");
        var alarm = unit.Open("mcu-link-lost")!;
        Assert.Equal(AlarmPriority.High, alarm.Priority);
        Assert.Contains("acknowledged", alarm.Message, StringComparison.Ordinal);
        Assert.True(unit.InSafeState);

        Assert.Equal(Interruption.LinkLost, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Started);
        Assert.Equal(Interruption.LinkLost, started.Cause);
        Assert.True(started.At > cutAt && started.At <= cutAt + TimeSpan.FromSeconds(1.2), $"interruption dated {started.At}, cut at {cutAt}");
        Assert.Equal("link-lost", unit.State.Channels[0].Interrupted);

        // The host cuts the compressor itself; the MCU, hearing nothing, goes safe by its dead-man; the alarm holds.
        unit.Run(TimeSpan.FromSeconds(3));
        Assert.True(unit.OutputsSafe);
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.HostSilent));
        Assert.True(unit.Open("mcu-link-lost")!.ConditionActive);
        Assert.False(unit.State.McuLinked);
    }

    [Fact]
    public void A_mended_one_way_failure_handshakes_again_clears_host_silent_and_cooling_resumes_only_after_acknowledgement()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        var firstLink = unit.Unit.Mcu.LinkId;

        // Long enough for the dead-man to latch host-silent and for the host to pulse the MCU's reset line (5 s after
        // the loss), which the MCU survives with its latches and still hears nothing.
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkHostToMcuDown, true));
        unit.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(1, unit.Unit.Board.McuResetPulses);
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.HostSilent));
        Assert.True(unit.Open("mcu-link-lost")!.ConditionActive);

        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkHostToMcuDown, false));
        unit.RunUntil(() => unit.State.McuLinked == true && unit.Unit.Mcu.Latched == McuFaults.None, TimeSpan.FromSeconds(3),
            "linked again with host-silent cleared");
        Assert.NotEqual(firstLink, unit.Unit.Mcu.LinkId);
        AssertSafeUntilAcknowledgedThenCoolingBack(unit);
    }

    [Fact]
    public void Acknowledgements_trailing_the_commands_by_up_to_half_a_second_never_raise_link_lost()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // Five commands in a row lost, then one through, for 3 minutes: far worse than the tick or two of a
        // healthy link, and still no alarm (nor a missed dead-man).
        for (var tick = 0; tick < 1800; tick++)
        {
            unit.Unit.HostToMcu = tick % 6 == 5;
            unit.Rig.Tick();
        }

        unit.Unit.HostToMcu = true;
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(unit.AlarmChanges, c => c.Occurrence.Code == "mcu-link-lost");
        Assert.False(unit.InSafeState);
        Assert.Equal(McuFaults.None, unit.Unit.Mcu.Latched);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
    }

    // Linked again: no MCU latch alarm (the host cleared host-silent itself), the link alarm's condition ended and the
    // unit still safe; the acknowledgement resets it and channel A cools again, its link-lost interruption ended.
    private static void AssertSafeUntilAcknowledgedThenCoolingBack(UnitUnderTest unit)
    {
        unit.Run(TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(unit.AlarmChanges, c => c.Occurrence.Condition is Core.Safety.Conditions.McuLatchCondition);
        Assert.False(unit.Open("mcu-link-lost")!.ConditionActive);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.True(unit.Unit.Board.CoolingEnable);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.LinkLost && !i.Started);
        Assert.Null(unit.State.Channels[0].Interrupted);
    }
}
