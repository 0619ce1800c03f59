using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;

namespace Paxman.Edge.Simulation.Tests.Mcu;

/// <summary>What a reset leaves behind (firmware-protocol/safety.md, "After a reset").</summary>
public sealed class McuEmulatorResetTests
{
    [Fact]
    public void A_brown_out_reset_latches_brown_out_as_a_trip_that_starts_an_episode()
    {
        var bench = new EmulatorBench(new McuEmulatorOptions { ResetReason = ResetReason.BrownOut });
        bench.Hello();
        bench.Send(new GetFaultReport(EmulatorBench.Link, 2));

        var report = Assert.Single(bench.FaultReports);
        Assert.Equal(McuFaults.BrownOut, report.Latched);
        Assert.Equal(McuFaults.BrownOut, report.FirstFault);
        Assert.Equal(1, report.TripCount);
    }

    [Fact]
    public void Latches_kept_over_a_watchdog_reset_are_not_new_trips()
    {
        var bench = new EmulatorBench(new McuEmulatorOptions { ResetReason = ResetReason.Watchdog, RetainedLatches = McuFaults.OverCooling });
        bench.Hello();
        bench.Send(new GetFaultReport(EmulatorBench.Link, 2));

        var report = Assert.Single(bench.FaultReports);
        Assert.Equal(McuFaults.OverCooling, report.Latched);
        Assert.Equal(McuFaults.None, report.FirstFault);
        Assert.Equal(0, report.TripCount);
    }
}

/// <summary>protocol.md, "Transmitting": the MCU should send one 0x00 before its first frame after every reset.</summary>
public sealed class McuEmulatorBootDelimiterTests
{
    [Fact]
    public void A_booted_emulator_sends_one_0x00_before_its_first_frame()
    {
        var wire = new List<byte>();
        var plant = new Paxman.Edge.Simulation.Plant.ThermalPlant(new Paxman.Edge.Simulation.Plant.PlantConstants(), ambientC: 22, seed: 1);
        var mcu = new McuEmulator(new McuEmulatorOptions(), plant, frame => wire.AddRange(frame.ToArray()));

        mcu.Advance(250);

        Assert.True(wire.Count > 2, "no STATUS sent");
        Assert.Equal(0, wire[0]);
        Assert.NotEqual(0, wire[1]);
        Assert.Equal(1, wire.Take(wire.IndexOf(0, 1)).Count(b => b == 0));
    }

    [Fact]
    public void A_restored_emulator_did_not_reboot_and_sends_no_boot_0x00()
    {
        var plant = new Paxman.Edge.Simulation.Plant.ThermalPlant(new Paxman.Edge.Simulation.Plant.PlantConstants(), ambientC: 22, seed: 1);
        var first = new McuEmulator(new McuEmulatorOptions(), plant, _ => { });
        first.Advance(250);
        var wire = new List<byte>();

        var restored = McuEmulator.Restore(new McuEmulatorOptions(), plant, frame => wire.AddRange(frame.ToArray()), first.Capture());
        restored.Advance(100);

        Assert.NotEmpty(wire);
        Assert.NotEqual(0, wire[0]);
    }
}
