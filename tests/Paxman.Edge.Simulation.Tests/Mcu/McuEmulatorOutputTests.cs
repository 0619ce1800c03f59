using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Tests.Mcu;

/// <summary>
/// The outputs follow an applied SET_STATE within one control period, and a latch or the dead-man stops them within
/// the period it sets in, as STATUS shows (firmware-protocol/protocol.md, "0x02 SET_STATE" and "0x82 STATUS";
/// safety.md, "The latches").
/// </summary>
public sealed class McuEmulatorOutputTests
{
    private const Outputs Stopped = Outputs.Pump | Outputs.ValveA | Outputs.ValveB | Outputs.CompressorRunning;

    [Fact]
    public void Cool_shortly_after_a_stop_runs_the_compressor_at_once_the_host_owns_the_minimum_off_time()
    {
        var bench = new EmulatorBench();
        bench.Hello();
        bench.Cool(TimeSpan.FromSeconds(10));
        bench.Safe(TimeSpan.FromSeconds(5));
        Assert.Equal(0, bench.Statuses[^1].CompressorActualPct);

        bench.Cool(TimeSpan.FromMilliseconds(200));

        var status = bench.Statuses[^1];
        Assert.True(status.CompressorActualPct >= 20, $"compressor at {status.CompressorActualPct} % 200 ms after COOL");
        Assert.True(status.Outputs.HasFlag(Outputs.CompressorRunning));
    }

    [Fact]
    public void The_STATUS_in_which_an_over_cooling_latch_first_appears_shows_everything_stopped()
    {
        var bench = new EmulatorBench();
        bench.Hello();
        bench.Cool(TimeSpan.FromSeconds(10));
        Assert.True(bench.Statuses[^1].CompressorActualPct > 20);

        bench.Plant.ForcedSupplyC = -12;
        bench.Cool(TimeSpan.FromSeconds(1));

        var first = bench.Statuses.First(s => s.Latched != McuFaults.None);
        Assert.Equal(McuFaults.OverCooling, first.Latched);
        Assert.Equal(Outputs.None, first.Outputs & Stopped);
        Assert.Equal(0, first.CompressorActualPct);
    }

    [Fact]
    public void The_STATUS_in_which_the_dead_man_first_shows_host_silent_shows_everything_stopped()
    {
        var bench = new EmulatorBench();
        bench.Hello();
        bench.Cool(TimeSpan.FromSeconds(10));

        bench.Mcu.Advance(2500);

        var first = bench.Statuses.First(s => s.Latched != McuFaults.None);
        Assert.Equal(McuFaults.HostSilent, first.Latched);
        Assert.Equal(Outputs.None, first.Outputs & Stopped);
        Assert.Equal(0, first.CompressorActualPct);
    }
}
