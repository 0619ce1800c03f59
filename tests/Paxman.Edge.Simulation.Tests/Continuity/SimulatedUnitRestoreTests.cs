using System.Diagnostics;
using System.Text;
using Paxman.Edge.Core;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Continuity;
using Paxman.Edge.Simulation.Plant;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulation.Tests.Continuity;

/// <summary>
/// A simulated unit carried across a restart of its host: with no downtime it goes on exactly as if never saved;
/// after a downtime it is what the unit would have become without a host (checked against the same unit stepped
/// finely through that time) and what the physics says.
/// </summary>
public sealed class SimulatedUnitRestoreTests : TestEnvironment
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Restore_ZeroDowntimeThroughTheStore_NextTenMinutesEqualAnUninterruptedRun()
    {
        var options = new SimulatedUnitOptions { Seed = 21 };
        var capturedAt = TimeSpan.FromMinutes(5);
        var tenMinutes = TimeSpan.FromMinutes(10);

        using var uninterrupted = NewHost(options);
        uninterrupted.Run(capturedAt, script: Script);
        var expected = new StringBuilder();
        uninterrupted.Run(tenMinutes, expected, Script);

        using var restarted = NewHost(options);
        restarted.Run(capturedAt, script: Script);
        using var folder = new TempFolder();
        var store = new SimulatedUnitStore(folder.Path);
        store.Save(restarted.Unit.Capture());
        var loaded = store.Load() ?? throw new InvalidOperationException("nothing saved");
        restarted.MoveTo(SimulatedUnit.Restore(loaded, options, restarted.Clock, TimeSpan.Zero));
        var actual = new StringBuilder();
        restarted.Run(tenMinutes, actual, Script);

        Assert.Equal(6000, expected.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(uninterrupted.Unit.BitsFlipped > 0, "the link noise was exercised");
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    [Fact]
    public void Restore_ThirtyMinutesDowntime_IsTheUnitLeftWithoutAHostForThatLong()
    {
        var options = new SimulatedUnitOptions { Seed = 5 };
        using var host = NewHost(options);
        host.Unit.SetCap(CapChannel.A, true);
        host.Unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.B));
        host.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 1.5));
        host.Run(TimeSpan.FromMinutes(25));
        var before = host.Unit.Capture();
        var downtime = TimeSpan.FromMinutes(30);

        var restored = SimulatedUnit.Restore(before, options, host.Clock, downtime);

        // The reference: the same unit, its host silent, stepped as usual for thirty minutes.
        var reference = host.Unit;
        for (var t = TimeSpan.Zero; t < downtime; t += UnitHost.Tick)
        {
            reference.Advance(UnitHost.Tick);
        }

        var plant = restored.Plant.Capture();
        var expected = reference.Plant.Capture();
        Assert.Equal(before.DeviceTime + downtime, restored.DeviceTime);
        Assert.Equal(expected.ElapsedMs, plant.ElapsedMs);
        Assert.Equal(expected.ReservoirC, plant.ReservoirC, 1e-3);
        Assert.Equal(expected.SupplySensorC, plant.SupplySensorC, 1e-3);
        Assert.Equal(expected.ProbeSensorC, plant.ProbeSensorC, 1e-3);
        Assert.Equal(expected.Caps[0].TemperatureC, plant.Caps[0].TemperatureC, 1e-3);
        Assert.Equal(expected.Caps[1].TemperatureC, plant.Caps[1].TemperatureC, 1e-3);
        Assert.Equal(0, restored.Plant.CompressorPct);
        Assert.False(restored.Plant.PumpRunning);

        // Caps and faults survive.
        Assert.True(restored.Plant.IsCapConnected(CapChannel.A));
        Assert.False(restored.Plant.IsCapConnected(CapChannel.B));
        Assert.Equal(System.Device.Gpio.PinValue.Low, restored.Board.Level(Core.Board.BoardPins.CapSwitchA));
        Assert.True(restored.Plant.IsFlowBlocked(CapChannel.B));
        Assert.Equal(1.5, restored.Plant.ProbeOffsetC);
        Assert.Equal(before.Plant.Faults, plant.Faults);

        // The MCU kept running: its dead-man latched host-silent, counted once, as the first fault of the episode.
        var mcu = restored.Mcu.Capture();
        var mcuExpected = reference.Mcu.Capture();
        Assert.Equal(McuFaults.None, before.Mcu.Latched);
        Assert.Equal(McuFaults.HostSilent, mcu.Latched);
        Assert.Equal(before.Mcu.TripCount + 1, mcu.TripCount);
        Assert.Equal(McuFaults.HostSilent, mcu.FirstFault);
        Assert.Equal(mcuExpected.FirstFaultAtMs, mcu.FirstFaultAtMs);
        Assert.Equal(before.Mcu.LinkId, mcu.LinkId);
        Assert.Equal(ResetReason.PowerOn, mcu.ResetReason);
        Assert.Equal(mcuExpected.UptimeMs, mcu.UptimeMs);
        Assert.Equal(mcuExpected.StatusSeq, mcu.StatusSeq);
        Assert.Equal(mcuExpected.NextStatusAtMs, mcu.NextStatusAtMs);
        Assert.Equal(mcuExpected.Drive, mcu.Drive);
        Assert.True(restored.Board.Level(Core.Board.BoardPins.McuFault) == System.Device.Gpio.PinValue.Low, "the MCU signals its latch");
    }

    [Fact]
    public void Restore_ThirtyMinutesDowntime_CoolantWarmsTowardTheRoomAtThePlantsRateAndConservesEnergy()
    {
        var options = new SimulatedUnitOptions { Seed = 6 };
        using var host = NewHost(options);
        host.Run(TimeSpan.FromMinutes(25));
        var before = host.Unit.Capture();
        var k = options.Plant;
        var capacity = k.ReservoirHeatCapacity(k.CoolantFullLitres);
        var storedBefore = host.Unit.Plant.StoredHeatJ;
        var downtime = TimeSpan.FromMinutes(30);

        var restored = SimulatedUnit.Restore(before, options, host.Clock, downtime);

        // Only the room heats a stopped plant, UA (T_room - T) / C: fastest at the start, slower as it warms.
        var t0 = before.Plant.ReservoirC;
        var t1 = restored.Plant.ReservoirC;
        var rateAtStart = k.ReservoirInsulationWPerK * (options.AmbientC - t0) / capacity * 60;
        var rateAtEnd = k.ReservoirInsulationWPerK * (options.AmbientC - t1) / capacity * 60;
        TestContext.Current.TestOutputHelper?.WriteLine($"coolant {t0:F2} C -> {t1:F2} C in 30 min; {rateAtStart:F3} -> {rateAtEnd:F3} C/min");
        Assert.True(t0 < 0, $"the coolant was chilled ({t0:F2} C)");
        Assert.InRange((t1 - t0) / downtime.TotalMinutes, rateAtEnd, rateAtStart * 1.01);
        Assert.InRange(t1, t0 + 5, options.AmbientC);

        // The heat it gained is what flowed in, summed along the same half hour stepped as usual.
        var reference = host.Unit;
        var netIn = 0.0;
        for (var t = TimeSpan.Zero; t < downtime; t += UnitHost.Tick)
        {
            reference.Advance(UnitHost.Tick);
            netIn += reference.Plant.LastStep.NetIntoPlant * UnitHost.Tick.TotalSeconds;
        }

        var gained = restored.Plant.StoredHeatJ - storedBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"heat gained {gained:F0} J, flowed in {netIn:F0} J");
        Assert.Equal(netIn, gained, 0.002 * Math.Abs(netIn));
        Assert.Equal(options.AmbientC, restored.Plant.CapC(CapChannel.A), 1e-9);
    }

    [Fact]
    public void Restore_AfterALatchThatNeedsAPerson_KeepsItAndItsFirstFault()
    {
        var options = new SimulatedUnitOptions { Seed = 7 };
        using var host = NewHost(options);
        host.Run(TimeSpan.FromSeconds(30));
        host.Unit.Apply(new FaultChange(SimulatedFault.SensorOpen, true));
        host.Run(TimeSpan.FromSeconds(1));
        host.Unit.Apply(new FaultChange(SimulatedFault.SensorOpen, false));
        host.Run(TimeSpan.FromSeconds(1));
        var before = host.Unit.Capture();
        Assert.True(before.Mcu.Latched.HasFlag(McuFaults.SupplySensorRange));

        var restored = SimulatedUnit.Restore(before, options, host.Clock, TimeSpan.FromMinutes(30));

        var mcu = restored.Mcu.Capture();
        Assert.True(mcu.Latched.HasFlag(McuFaults.SupplySensorRange));
        Assert.Equal(before.Mcu.FirstFault, mcu.FirstFault);
        Assert.Equal(before.Mcu.FirstFaultAtMs, mcu.FirstFaultAtMs);
        Assert.True(mcu.TripCount >= before.Mcu.TripCount);
        Assert.Equal(McuFaults.None, mcu.Active & McuFaults.SupplySensorRange);
    }

    [Fact]
    public void Restore_DowntimeThenANewHost_HandshakesAndSeesHostSilentLatched()
    {
        var options = new SimulatedUnitOptions { Seed = 8 };
        using var first = NewHost(options);
        first.Run(TimeSpan.FromMinutes(2));
        var snapshot = first.Unit.Capture();

        var clock = DeviceClock.Resume(snapshot.Epoch, snapshot.DeviceTime, TimeSpan.FromSeconds(10), timeScale: 60);
        var unit = SimulatedUnit.Restore(snapshot, options, clock, clock.Elapsed - snapshot.DeviceTime);
        using var second = new UnitHost(unit, clock, LoggerFor<McuLink>());
        second.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(snapshot.DeviceTime + TimeSpan.FromMinutes(10), unit.DeviceTime - TimeSpan.FromSeconds(1));
        Assert.Equal(McuFaults.HostSilent, second.Status.Mcu?.Latched);
        Assert.Equal(ResetReason.PowerOn, second.Status.Mcu?.ResetReason);
        Assert.True(clock.GetUtcNow() >= snapshot.Epoch + snapshot.DeviceTime, "stamps never run backwards");
    }

    [Fact]
    public void Restore_HundredDaysDowntime_IsCheapAndTheMcusCountersWrapAsTheyWould()
    {
        var options = new SimulatedUnitOptions { Seed = 9 };
        using var host = NewHost(options);
        host.Run(TimeSpan.FromMinutes(1));
        var before = host.Unit.Capture();
        var downtime = TimeSpan.FromDays(100);

        var watch = Stopwatch.StartNew();
        var restored = SimulatedUnit.Restore(before, options, host.Clock, downtime);
        watch.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"100 days of downtime restored in {watch.Elapsed.TotalMilliseconds:F1} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(options.AmbientC, restored.Plant.ReservoirC, 1e-6);
        Assert.Equal(options.AmbientC, restored.Plant.Capture().SupplySensorC, 1e-6);
        var mcu = restored.Mcu.Capture();
        var uptime = before.Mcu.UptimeMs + (ulong)downtime.TotalMilliseconds;
        Assert.Equal((uint)(uptime % (1UL << 32)), mcu.UptimeMs);
        Assert.Equal((ushort)((before.Mcu.StatusSeq + ((ulong)downtime.TotalMilliseconds / 100)) % 65536), mcu.StatusSeq);
        Assert.Equal(McuFaults.HostSilent, mcu.Latched);
    }

    [Fact]
    public void Restore_DuringAPowerCut_FinishesItAndBootsTheMcuWithResetReasonPowerOn()
    {
        var options = new SimulatedUnitOptions { Seed = 10 };
        using var host = NewHost(options);
        host.Run(TimeSpan.FromMinutes(5));
        host.Unit.PowerCut(TimeSpan.FromMinutes(10));
        host.Run(TimeSpan.FromMinutes(1));
        var before = host.Unit.Capture();

        var restored = SimulatedUnit.Restore(before, options, host.Clock, TimeSpan.FromMinutes(20));
        var reference = host.Unit;
        for (var t = TimeSpan.Zero; t < TimeSpan.FromMinutes(20); t += UnitHost.Tick)
        {
            reference.Advance(UnitHost.Tick);
        }

        Assert.True(before.PowerDownLeftMs > 0);
        Assert.False(restored.PoweredDown);
        Assert.True(restored.Plant.Powered);
        Assert.Equal(ResetReason.PowerOn, restored.Mcu.Capture().ResetReason);
        Assert.Equal(reference.Mcu.Capture().UptimeMs, restored.Mcu.Capture().UptimeMs);
        Assert.Equal(McuFaults.None, restored.Mcu.Latched);
        Assert.Equal(reference.Plant.ReservoirC, restored.Plant.ReservoirC, 1e-3);
    }

    [Fact]
    public void Restore_ConfiguredRoomChanged_AppliesFromTheRestartOn()
    {
        var saved = new SimulatedUnitOptions { Seed = 11 };
        using var host = NewHost(saved);
        host.Run(TimeSpan.FromMinutes(1));
        var snapshot = host.Unit.Capture();

        var restored = SimulatedUnit.Restore(snapshot, saved with { AmbientC = 30 }, host.Clock, TimeSpan.FromMinutes(1));

        Assert.Equal(30, restored.Plant.AmbientC);
        Assert.True(restored.Plant.ReservoirC < 22, "during the downtime the room was the saved one");
    }

    public static TheoryData<string, Func<SimulatedUnitSnapshot, SimulatedUnitSnapshot>> Invalid => new()
    {
        { "newer version", s => s with { Version = 2 } },
        { "two caps", s => s with { Plant = s.Plant with { Caps = [s.Plant.Caps[0]] } } },
        { "warp-drive", s => s with { Plant = s.Plant with { Faults = [new ActiveFault { Fault = "warp-drive" }] } } },
        { "belongs to the cable", s => s with { Plant = s.Plant with { Faults = [new ActiveFault { Fault = "link-noise", Ber = 1e-3 }] } } },
        { "sensor-stuck", s => s with { Plant = s.Plant with { Faults = [new ActiveFault { Fault = "sensor-stuck" }] } } },
        { "not a temperature", s => s with { Plant = s.Plant with { ReservoirC = double.NaN } } },
        { "table has 56 entries", s => s with { Cable = s.Cable with { ToMcu = s.Cable.ToMcu with { Noise = s.Cable.ToMcu.Noise with { Table = [1, 2, 3] } } } } },
        { "not a board input", s => s with { Board = s.Board with { BrokenWires = [Core.Board.BoardPins.CoolingEnable] } } },
        { "above 100 %", s => s with { Mcu = s.Mcu with { Drive = s.Mcu.Drive with { CompressorPct = 101 } } } },
        { "missing", s => s with { Mcu = null! } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Restore_InvalidSnapshot_ThrowsSayingWhatIsWrong(string problem, Func<SimulatedUnitSnapshot, SimulatedUnitSnapshot> spoil)
    {
        var options = new SimulatedUnitOptions();
        var unit = new SimulatedUnit(options);
        unit.Advance(TimeSpan.FromSeconds(2));

        var e = Assert.Throws<ArgumentException>(() => SimulatedUnit.Restore(spoil(unit.Capture()), options, TimeProvider.System, TimeSpan.Zero));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_NegativeDowntime_Throws()
    {
        var options = new SimulatedUnitOptions();
        var snapshot = new SimulatedUnit(options).Capture();

        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatedUnit.Restore(snapshot, options, TimeProvider.System, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Capture_FreshUnit_RestoresToTheSameSnapshot()
    {
        var options = new SimulatedUnitOptions { Seed = 12 };
        var clock = new DeviceClock(Epoch);
        var unit = new SimulatedUnit(options, clock);
        clock.Advance(TimeSpan.FromSeconds(3.25));
        unit.Advance(TimeSpan.FromSeconds(3.25));
        var snapshot = unit.Capture();

        var again = SimulatedUnit.Restore(snapshot, options, clock, TimeSpan.Zero).Capture();

        Assert.Equal(SnapshotJson.Of(snapshot), SnapshotJson.Of(again));
        Assert.Equal(Epoch, snapshot.Epoch);
        Assert.Equal(TimeSpan.FromSeconds(3.25), snapshot.DeviceTime);
    }

    private UnitHost NewHost(SimulatedUnitOptions options)
    {
        var clock = new DeviceClock(Epoch);
        return new UnitHost(new SimulatedUnit(options, clock), clock, LoggerFor<McuLink>());
    }

    // The run's events by device time (the capture is at 5 minutes): a cap, link noise, a probe fault, the
    // second cap and a blocked hose after the restart, the noise gone.
    private static void Script(SimulatedUnit unit)
    {
        switch ((long)unit.DeviceTime.TotalMilliseconds)
        {
            case 60_000:
                unit.SetCap(CapChannel.A, true);
                break;
            case 120_000:
                unit.Apply(new FaultChange(SimulatedFault.LinkNoise, true, BitErrorRate: 1e-4));
                break;
            case 150_000:
                unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 1));
                break;
            case 420_000:
                unit.SetCap(CapChannel.B, true);
                break;
            case 540_000:
                unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
                break;
            case 600_000:
                unit.Apply(new FaultChange(SimulatedFault.LinkNoise, false));
                break;
            default:
                break;
        }
    }
}
