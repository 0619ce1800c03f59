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
