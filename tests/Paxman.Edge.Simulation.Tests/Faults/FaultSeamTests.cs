using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulation.Tests.Faults;

/// <summary>
/// Each fault is seen where real hardware would show it: here, in the STATUS frames the host's link decodes
/// while it commands cooling on both channels with both caps on.
/// </summary>
public sealed class FaultSeamTests : TestEnvironment
{
    private static readonly McuCommand Cooling = new(80, Pump: true, ValveA: true, ValveB: true, Fan: true, CoolingMode.Cool);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly SimulatedUnit _unit = new(new SimulatedUnitOptions { Seed = 3 });
    private readonly InProcessMcuPort _port;
    private readonly McuLink _link;
    private readonly List<McuEvent> _events = [];
    private readonly BoardIo _board;

    public FaultSeamTests()
    {
        _port = new InProcessMcuPort(_unit, _time);
        _unit.Mcu.Event += _events.Add;
        _unit.McuBooted += mcu => mcu.Event += _events.Add;
        _link = new McuLink(_port, resetLine: null, new McuLinkOptions(), _time, new Random(5), LoggerFor<McuLink>());

        // The host enables the compressor through the board, as the engine does when it cools.
        _board = new BoardIo(new GpioController(_unit.Board), time: _time);
        _board.Write(new BoardOutputs(CoolingEnable: true, Buzzer: false, Beacon.Green));
        _unit.SetCap(CapChannel.A, true);
        _unit.SetCap(CapChannel.B, true);
        Run(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Healthy_unit_reports_cooling_and_flow_on_both_channels()
    {
        var status = Run(TimeSpan.FromSeconds(5));
        Assert.InRange(status.FlowAClpm, 100, 130);
        Assert.InRange(status.FlowBClpm, 100, 130);
        Assert.InRange(status.CompressorActualPct, 79, 81);
        Assert.Equal(ReservoirLevel.Ok, status.Reservoir);
        Assert.Equal(McuFaults.None, status.Latched);
    }

    [Fact]
    public void Sensor_open_reads_not_available_and_the_MCU_trips_on_range()
    {
        Apply("sensor-open", true);
        var status = Run(TimeSpan.FromSeconds(2));
        Assert.Equal(ProtocolConstants.TemperatureNotAvailable, status.SupplyCc);
        Assert.True(status.Latched.HasFlag(McuFaults.SupplySensorRange));

        Apply("sensor-open", false);
        Assert.NotEqual(ProtocolConstants.TemperatureNotAvailable, Run(TimeSpan.FromSeconds(1)).SupplyCc);
    }

    [Fact]
    public void Sensor_short_reads_far_too_hot()
    {
        Apply("sensor-short", true);
        var status = Run(TimeSpan.FromSeconds(2));
        Assert.Equal(15000, status.SupplyCc);
        Assert.True(status.Latched.HasFlag(McuFaults.SupplySensorRange));
    }

    [Fact]
    public void Sensor_stuck_keeps_one_value_while_the_coolant_keeps_cooling()
    {
        Apply("sensor-stuck", true);
        var values = new HashSet<short>();
        var before = _unit.Plant.ReservoirC;
        for (var i = 0; i < 600; i++)
        {
            values.Add(Run(TimeSpan.FromMilliseconds(100)).SupplyCc);
        }

        Assert.Single(values);
        Assert.True(_unit.Plant.ReservoirC < before - 1, "the coolant itself kept changing");

        Apply("sensor-stuck", false);
        for (var i = 0; i < 20; i++)
        {
            values.Add(Run(TimeSpan.FromMilliseconds(100)).SupplyCc);
        }

        Assert.True(values.Count > 5);
    }

    [Fact]
    public void Pump_fail_stops_the_flow_on_every_channel()
    {
        Apply("pump-fail", true);
        var status = Run(TimeSpan.FromSeconds(1));
        Assert.Equal(0, status.FlowAClpm);
        Assert.Equal(0, status.FlowBClpm);
        Assert.True(status.Outputs.HasFlag(Outputs.Pump), "the MCU still drives the pump: only the flow shows the failure");
    }

    [Fact]
    public void Compressor_fail_reads_zero_speed_while_it_is_commanded()
    {
        Apply("compressor-fail", true);
        var status = Run(TimeSpan.FromSeconds(1));
        Assert.Equal(0, status.CompressorActualPct);
        Assert.False(status.Outputs.HasFlag(Outputs.CompressorRunning));
        Assert.Equal(80, _unit.Mcu.Drive.CompressorPct);

        Apply("compressor-fail", false);
        // Repaired, it starts again at once (the host, not the plant, keeps the minimum off time).
        Assert.True(Run(TimeSpan.FromSeconds(1)).CompressorActualPct >= 20);
    }

    [Fact]
    public void Compressor_stuck_runs_on_at_its_minimum_speed_when_stopped_until_the_cooling_enable_line_is_cut()
    {
        var stop = Cooling with { CompressorPct = 0 };
        Assert.Equal(0, Run(TimeSpan.FromSeconds(1), stop).CompressorActualPct);
        Run(TimeSpan.FromSeconds(200));

        Apply("compressor-stuck", true);
        // It ramps down as for any lower command (20 %/s), and no further than its minimum speed.
        var status = Run(TimeSpan.FromSeconds(5), stop);
        Assert.Equal(20, status.CompressorActualPct);
        Assert.Equal(0, _unit.Mcu.Drive.CompressorPct);

        // The cooling-enable line is wired in series with the drive: cutting it stops even a stuck compressor.
        _board.Write(new BoardOutputs(CoolingEnable: false, Buzzer: false, Beacon.Red));
        Assert.Equal(0, Run(TimeSpan.FromSeconds(1), stop).CompressorActualPct);
    }

    [Fact]
    public void Flow_block_stops_the_flow_on_its_channel_only()
    {
        _unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
        var status = Run(TimeSpan.FromSeconds(1));
        Assert.Equal(0, status.FlowAClpm);
        Assert.InRange(status.FlowBClpm, 100, 130);
    }

    [Fact]
    public void Flow_sensor_stuck_reads_a_steady_plausible_flow_while_a_kinked_hose_passes_nothing_and_its_return_falls_to_the_supply()
    {
        _unit.Apply(new FaultChange(SimulatedFault.FlowSensorStuck, true, CapChannel.A));
        _unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.A));
        var status = Run(TimeSpan.FromSeconds(20));

        // The sensor lies (1.20 L/min, no noise), the plant does not: nothing flows and A's return sits in the
        // manifold at the supply's temperature, while B's coolant still comes back warmed by its cap.
        Assert.Equal(120, status.FlowAClpm);
        Assert.Equal(0, _unit.Plant.FlowLpm(CapChannel.A));
        Assert.InRange(status.FlowBClpm, 100, 130);
        Assert.InRange(status.ReturnACc - status.SupplyCc, -20, 20);
        Assert.True(status.ReturnBCc - status.SupplyCc > 30, $"B's return {status.ReturnBCc} vs supply {status.SupplyCc}");
        Assert.Equal(120, Run(TimeSpan.FromSeconds(1)).FlowAClpm);
    }

    [Fact]
    public void Low_coolant_reads_low_on_the_level_switch_and_a_refill_clears_it()
    {
        Apply("low-coolant", true);
        Assert.Equal(ReservoirLevel.Low, Run(TimeSpan.FromSeconds(1)).Reservoir);
        Apply("low-coolant", false);
        Assert.Equal(ReservoirLevel.Ok, Run(TimeSpan.FromSeconds(1)).Reservoir);
    }

    [Fact]
    public void An_empty_reservoir_latches_the_MCU_and_stops_the_flow()
    {
        _unit.Plant.CoolantLitres = 0.3;
        var status = Run(TimeSpan.FromSeconds(2));
        Assert.Equal(ReservoirLevel.Empty, status.Reservoir);
        Assert.True(status.Latched.HasFlag(McuFaults.ReservoirEmpty));
        Assert.Equal(0, status.FlowAClpm);
    }

    [Fact]
    public void Link_noise_corrupts_frames_the_host_rejects()
    {
        _unit.Apply(new FaultChange(SimulatedFault.LinkNoise, true, BitErrorRate: 1e-3));
        Run(TimeSpan.FromSeconds(60));
        Assert.True(_port.Counters.FramesRejected > 10, $"{_port.Counters.FramesRejected} frames rejected");
        Assert.True(_unit.BitsFlipped > 100);

        _unit.Apply(new FaultChange(SimulatedFault.LinkNoise, false));
        var rejected = _port.Counters.FramesRejected;
        Run(TimeSpan.FromSeconds(10));
        Assert.Equal(rejected, _port.Counters.FramesRejected);
    }

    [Fact]
    public void Link_down_loses_the_link_and_the_dead_man_makes_the_MCU_safe()
    {
        Apply("link-down", true);
        Assert.Equal(LinkState.Lost, Step(TimeSpan.FromSeconds(3)).State);
        Assert.Contains(_events, e => e is DeadManExpired);
        Assert.Equal(McuDrive.Safe(fan: false), _unit.Mcu.Drive);

        Apply("link-down", false);
        Assert.Equal(LinkState.Linked, Step(TimeSpan.FromSeconds(3)).State);
    }

    [Fact]
    public void Link_host_to_mcu_down_silences_the_host_for_the_MCU_while_its_status_still_arrives()
    {
        Apply("link-host-to-mcu-down", true);
        var appliedBefore = _events.OfType<CommandApplied>().Count();
        var framesBefore = _port.Counters.FramesGood;
        Step(TimeSpan.FromSeconds(3));

        Assert.Equal(appliedBefore, _events.OfType<CommandApplied>().Count());
        Assert.Contains(_events, e => e is DeadManExpired);
        Assert.Equal(McuDrive.Safe(fan: false), _unit.Mcu.Drive);
        Assert.InRange(_port.Counters.FramesGood - framesBefore, 29, 31);
        Assert.False(_unit.HostToMcu);
        Assert.True(_unit.McuToHost);

        Apply("link-host-to-mcu-down", false);
        Assert.Equal(LinkState.Linked, Step(TimeSpan.FromSeconds(3)).State);
        Assert.True(_events.OfType<CommandApplied>().Count() > appliedBefore);
    }

    [Fact]
    public void An_MCU_reset_is_seen_in_the_new_handshake_with_its_reason()
    {
        _unit.ResetMcu();
        var status = Step(TimeSpan.FromSeconds(2));
        Assert.Equal(LinkState.Linked, status.State);
        Assert.Equal(ResetReason.Watchdog, status.Mcu?.ResetReason);
    }

    [Fact]
    public void A_power_cut_silences_the_MCU_warms_the_coolant_and_boots_it_with_reset_reason_power_on()
    {
        Run(TimeSpan.FromMinutes(10));
        var cold = _unit.Plant.ReservoirC;
        _unit.PowerCut(TimeSpan.FromSeconds(120));

        Assert.Equal(LinkState.Lost, Step(TimeSpan.FromSeconds(5)).State);
        Assert.Equal(0, _unit.Plant.CompressorPct);
        Assert.False(_unit.Plant.PumpRunning);
        Step(TimeSpan.FromSeconds(110));
        Assert.True(_unit.Plant.ReservoirC > cold, "without power the coolant warmed towards the room");

        var status = Step(TimeSpan.FromSeconds(10));
        Assert.Equal(LinkState.Linked, status.State);
        Assert.Equal(ResetReason.PowerOn, status.Mcu?.ResetReason);
    }

    [Fact]
    public void Cooling_enable_low_stops_the_compressor_whatever_the_MCU_commands()
    {
        _board.Write(BoardOutputs.Safe);
        var status = Run(TimeSpan.FromSeconds(1));
        Assert.Equal(0, status.CompressorActualPct);
        Assert.Equal(80, _unit.Mcu.Drive.CompressorPct);
    }

    [Fact]
    public void Caps_and_STOP_are_seen_on_the_board_inputs()
    {
        Assert.True(_board.Read().CapA);
        _unit.SetCap(CapChannel.A, false);
        _unit.SetStopPressed(true);
        _board.Read();
        var inputs = _board.Read();
        Assert.False(inputs.CapA);
        Assert.True(inputs.CapB);
        Assert.True(inputs.StopPressed);
        Assert.Equal(0, Run(TimeSpan.FromSeconds(1)).FlowAClpm);
    }

    [Fact]
    public void A_latched_MCU_pulls_its_fault_line_and_a_reset_pulse_reboots_it_with_that_reason()
    {
        Assert.False(_board.Read().McuFault);
        Apply("sensor-open", true);
        Run(TimeSpan.FromSeconds(1));
        _board.Read();
        Assert.True(_board.Read().McuFault);

        _board.ResetLine.Pulse();
        Step(GpioMcuResetLine.DefaultMinimumWidth);
        _board.Read();
        var status = Step(TimeSpan.FromSeconds(2));
        Assert.Equal(ResetReason.HostResetLine, status.Mcu?.ResetReason);
    }

    [Fact]
    public void Probe_disagree_offsets_the_safety_probe_and_the_MAX31865_registers()
    {
        Run(TimeSpan.FromSeconds(10));
        var truth = _unit.Plant.ReservoirC;
        Assert.InRange(_unit.Probe.Latest.Celsius ?? double.NaN, truth - 0.5, truth + 0.5);

        _unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 5));
        Run(TimeSpan.FromSeconds(2));
        truth = _unit.Plant.ReservoirC;
        Assert.InRange(_unit.Probe.Latest.Celsius ?? double.NaN, truth + 4.5, truth + 5.5);
        Assert.InRange(_unit.Plant.ProbeElementC, truth + 4.5, truth + 5.5);
    }

    private void Apply(string name, bool active)
    {
        Assert.True(SimulatedFaults.TryCreate(name, active, null, null, null, out var change, out var problem), problem);
        _unit.Apply(change);
    }

    private Status Run(TimeSpan duration, McuCommand? command = null) => Step(duration, command).LastStatus ?? throw new InvalidOperationException("no status heard");

    private McuLinkStatus Step(TimeSpan duration, McuCommand? command = null)
    {
        McuLinkStatus status = default;
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(100))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _unit.Advance(TimeSpan.FromMilliseconds(100));
            status = _link.Tick(_time.GetTimestamp(), command ?? Cooling);
        }

        return status;
    }
}
