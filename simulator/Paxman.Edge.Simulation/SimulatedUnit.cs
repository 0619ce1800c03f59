using Paxman.Edge.Core;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Board;
using Paxman.Edge.Simulation.Continuity;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation;

/// <summary>
/// The whole simulated unit behind the host's seams, all fed by one <see cref="ThermalPlant"/>: the emulated MCU
/// that drives and reads it, the serial cable between host and MCU (with its faults), the board's GPIO
/// (<see cref="Board"/>: cap switches, STOP, the MCU fault and reset lines, cooling-enable wired in series with the
/// compressor), the safety probe (<see cref="Probe"/>, and <see cref="ProbeConverter"/> at register level), and the
/// unit-level events (MCU reset, power cut). Stepped in device time by <see cref="Advance"/> on the engine's thread, so a run is deterministic.
/// It outlives its host: <see cref="Capture"/> saves its whole state and <see cref="Restore"/> carries on from it after
/// the host's downtime (simulator/README.md, "Across a restart of the host").
/// Not thread-safe: other threads hand changes to the engine, which applies them between ticks.
/// </summary>
public sealed class SimulatedUnit
{
    // The unit keeps running this long, finely stepped, while its host is away: the MCU's dead-man (at most 5 s)
    // expires in it; the rest of a long downtime coasts in closed form, then this long settles the MCU's debounce.
    private static readonly TimeSpan DowntimeFineMargin = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DowntimeSettle = TimeSpan.FromSeconds(1);

    private readonly SimulatedUnitOptions _options;
    private readonly TimeProvider _clock;
    private readonly LineNoise _toMcuNoise;
    private readonly LineNoise _toHostNoise;
    // One buffer per direction: the MCU may answer while it is still decoding what the host sent.
    private readonly List<byte> _noisyToMcu = new(ProtocolConstants.MaxWireFrame);
    private readonly List<byte> _noisyToHost = new(ProtocolConstants.MaxWireFrame);
    private Action<ReadOnlySpan<byte>> _toHost = static _ => { };
    private TimeSpan _carry;
    private uint _powerDownLeftMs;
    private long _nextProbeSampleMs;
    private bool _resetPulsed;
    private bool _mcuFaultLine;
    private bool _faultLineStuck;
    private bool _faultLineShorted;
    private TimeSpan _probeSampledAt;

    /// <param name="options">How the unit is built.</param>
    /// <param name="clock">The engine's clock, which stamps the safety probe's readings; the system clock when null.</param>
    public SimulatedUnit(SimulatedUnitOptions options, TimeProvider? clock = null)
        : this(options, clock, saved: null)
    {
        if (options.StartCoolantC is { } start)
        {
            Plant.SetCoolantTemperature(start);
        }

        Mcu = Boot(options.Mcu);
    }

    // A fresh unit when saved is null; otherwise its plant, board and cable as saved (the caller restores the MCU).
    private SimulatedUnit(SimulatedUnitOptions options, TimeProvider? clock, SimulatedUnitSnapshot? saved)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock ?? TimeProvider.System;
        Plant = saved is null ? new ThermalPlant(options.Plant, options.AmbientC, options.Seed) : ThermalPlant.Restore(options.Plant, saved.Plant);
        Board = saved is null ? new SimulatedBoardDriver() : SimulatedBoardDriver.Restore(saved.Board);
        Board.McuResetPulsed += () => _resetPulsed = true;
        Probe = new SimulatedSafetyProbe(() => Plant.SampleProbeC(), _clock);
        ProbeConverter = new SimulatedMax31865(() => Plant.ProbeElementC);
        _toMcuNoise = saved is null ? new LineNoise(unchecked((options.Seed * 31) + 2)) : LineNoise.Restore(saved.Cable.ToMcu);
        _toHostNoise = saved is null ? new LineNoise(unchecked((options.Seed * 31) + 3)) : LineNoise.Restore(saved.Cable.ToHost);
        Mcu = saved is null ? null! : McuEmulator.Restore(options.Mcu, Plant, ToHost, saved.Mcu);
    }

    public ThermalPlant Plant { get; }

    /// <summary>The board's GPIO chip; the host opens it with a real <c>GpioController</c>.</summary>
    public SimulatedBoardDriver Board { get; }

    /// <summary>The safety probe's fast path, sampled once per device second (what the engine reads in Simulated mode).</summary>
    public SimulatedSafetyProbe Probe { get; }

    /// <summary>The probe's MAX31865 at register level, for the real binding (its reads block about 70 ms: not for the tick).</summary>
    public SimulatedMax31865 ProbeConverter { get; }

    /// <summary>The emulated MCU now running (a new instance after each reset or power cut).</summary>
    public McuEmulator Mcu { get; private set; }

    /// <summary>Raised with each new emulator instance, so observers can follow its events.</summary>
    public event Action<McuEmulator>? McuBooted;

    /// <summary>Device time since the unit was built.</summary>
    public TimeSpan DeviceTime { get; private set; }

    /// <summary>True while the unit has no power (the MCU is off and sends nothing).</summary>
    public bool PoweredDown => _powerDownLeftMs > 0;

    /// <summary>False cuts the host's transmit line.</summary>
    public bool HostToMcu { get; set; } = true;

    /// <summary>False cuts the MCU's transmit line.</summary>
    public bool McuToHost { get; set; } = true;

    /// <summary>The <c>clock-unsynced</c> fault: the unit's wall clock has lost its synchronisation (read by the host, not the hardware).</summary>
    public bool ClockUnsynced { get; set; }

    /// <summary>The <c>link-down</c> fault: the cable is cut in both directions.</summary>
    public bool LinkDown
    {
        get => !HostToMcu && !McuToHost;
        set => HostToMcu = McuToHost = !value;
    }

    /// <summary>The <c>link-noise</c> fault: bit errors in both directions (0 = quiet).</summary>
    public double BitErrorRate
    {
        get => _toMcuNoise.BitErrorRate;
        set => _toMcuNoise.BitErrorRate = _toHostNoise.BitErrorRate = value;
    }

    /// <summary>Bits flipped by the link noise so far, both directions.</summary>
    public long BitsFlipped => _toMcuNoise.BitsFlipped + _toHostNoise.BitsFlipped;

    /// <summary>
    /// The unit's whole state now (engine thread, between ticks), to be saved and carried on from with
    /// <see cref="Restore"/>. <see cref="SimulatedUnitSnapshot.Epoch"/> is the clock's wall time less the device time.
    /// </summary>
    public SimulatedUnitSnapshot Capture() => new()
    {
        Epoch = _clock.GetUtcNow() - DeviceTime,
        DeviceTime = DeviceTime,
        Carry = _carry,
        Plant = Plant.Capture(),
        Mcu = Mcu.Capture(),
        Board = Board.Capture(),
        Cable = new CableSnapshot
        {
            HostToMcu = HostToMcu,
            McuToHost = McuToHost,
            ToMcu = _toMcuNoise.Capture(),
            ToHost = _toHostNoise.Capture(),
        },
        PowerDownLeftMs = _powerDownLeftMs,
        Probe = Probe.Latest is { Fault: not ProbeFault.NoReading } probe
            ? new SavedProbeReading { Celsius = probe.Celsius, Fault = probe.Fault, Age = DeviceTime - _probeSampledAt }
            : null,
        NextProbeSampleMs = _nextProbeSampleMs,
        McuResetPending = _resetPulsed,
        McuFaultLine = _mcuFaultLine,
        FaultLineStuck = _faultLineStuck,
        FaultLineShorted = _faultLineShorted,
        ClockUnsynced = ClockUnsynced,
    };

    /// <summary>
    /// The unit a host finds when it starts again after <paramref name="downtime"/> of device time (the real
    /// downtime times the time scale): <paramref name="snapshot"/> carried on without a host. The MCU did not reset:
    /// it kept its last command until its dead-man expired (latching host-silent, counted in its trip count and, if
    /// nothing else was latched, as its first fault), and has held the safe outputs since; so the compressor and pump
    /// stopped and the plant has been exchanging heat with the room. The host's board outputs stayed as it left them
    /// until the new host opens the lines. With no downtime the unit carries on exactly as if never saved.
    /// </summary>
    /// <remarks>
    /// Cost: the first <c>max_duration_ms</c> + 1 s and the last second are stepped as usual; everything between
    /// coasts in closed form (<see cref="ThermalPlant.Coast"/>), so a day costs as little as a few seconds. The room
    /// is the saved one during the downtime and <see cref="SimulatedUnitOptions.AmbientC"/> from the restart on. The
    /// plant and firmware constants come from <paramref name="options"/>; its seed and start temperature are not
    /// used (the saved noise sources and temperatures go on).
    /// </remarks>
    /// <param name="snapshot">What <see cref="Capture"/> returned (possibly through <see cref="SimulatedUnitStore"/>).</param>
    /// <param name="options">The unit's options now.</param>
    /// <param name="clock">The engine's clock, which stamps the safety probe's readings.</param>
    /// <param name="downtime">Device time that passed since the snapshot; zero or more.</param>
    /// <exception cref="ArgumentException">The snapshot is not valid (the message says what is wrong) or the downtime is negative.</exception>
    public static SimulatedUnit Restore(SimulatedUnitSnapshot snapshot, SimulatedUnitOptions options, TimeProvider clock, TimeSpan downtime)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(downtime, TimeSpan.Zero);
        if (Validate(snapshot) is { } problem)
        {
            throw new ArgumentException(problem, nameof(snapshot));
        }

        var unit = new SimulatedUnit(options, clock, snapshot)
        {
            DeviceTime = snapshot.DeviceTime,
            _carry = snapshot.Carry,
            _powerDownLeftMs = snapshot.PowerDownLeftMs,
            _nextProbeSampleMs = snapshot.NextProbeSampleMs,
            _mcuFaultLine = snapshot.McuFaultLine,
            _faultLineStuck = snapshot.FaultLineStuck,
            _faultLineShorted = snapshot.FaultLineShorted,
            ClockUnsynced = snapshot.ClockUnsynced,
            HostToMcu = snapshot.Cable.HostToMcu,
            McuToHost = snapshot.Cable.McuToHost,
        };
        unit.Board.SetCapConnected('A', unit.Plant.IsCapConnected(CapChannel.A));
        unit.Board.SetCapConnected('B', unit.Plant.IsCapConnected(CapChannel.B));
        unit.Board.SetMcuFault(snapshot.McuFaultLine);

        if (snapshot.Probe is { } probe)
        {
            unit._probeSampledAt = snapshot.DeviceTime - probe.Age;
            unit.Probe.Republish(probe.Celsius, probe.Fault, probe.Age + downtime);
        }

        // Set after the board's restore, whose outputs raise no reset edge.
        unit._resetPulsed = snapshot.McuResetPending;
        unit.RunUnattended(downtime);
        unit.Plant.AmbientC = options.AmbientC;
        return unit;
    }

    /// <summary>Null when <paramref name="snapshot"/> can be restored by this build, else what is wrong with it (one sentence).</summary>
    public static string? Validate(SimulatedUnitSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != SimulatedUnitSnapshot.CurrentVersion)
        {
            return snapshot.Version > SimulatedUnitSnapshot.CurrentVersion
                ? $"it was written by a newer version (layout {snapshot.Version}); this build reads layout {SimulatedUnitSnapshot.CurrentVersion}"
                : $"layout {snapshot.Version} is not a layout this build reads (it reads {SimulatedUnitSnapshot.CurrentVersion})";
        }

        if (snapshot.Plant is null || snapshot.Mcu is null || snapshot.Board is null || snapshot.Cable is null
            || snapshot.Cable.ToMcu is null || snapshot.Cable.ToHost is null)
        {
            return "the plant, MCU, board or cable section is missing";
        }

        if (snapshot.DeviceTime < TimeSpan.Zero || snapshot.Carry < TimeSpan.Zero || snapshot.Carry >= TimeSpan.FromMilliseconds(1))
        {
            return $"device time {snapshot.DeviceTime} with carry {snapshot.Carry} is not a device time";
        }

        if (snapshot.Probe is { } probe && (probe.Age < TimeSpan.Zero || probe.Age > snapshot.DeviceTime || (probe.Celsius is { } c && !double.IsFinite(c))))
        {
            return "the safety probe's last reading does not fit the device time";
        }

        return ThermalPlant.Validate(snapshot.Plant) ?? McuEmulator.Validate(snapshot.Mcu) ?? SimulatedBoardDriver.Validate(snapshot.Board)
            ?? snapshot.Cable.ToMcu.Validate() ?? snapshot.Cable.ToHost.Validate();
    }

    /// <summary>Connects the host's receive line: bytes the MCU transmits are handed to <paramref name="toHost"/>.</summary>
    public void ConnectHost(Action<ReadOnlySpan<byte>> toHost)
    {
        ArgumentNullException.ThrowIfNull(toHost);
        _toHost = toHost;
    }

    /// <summary>Bytes the host transmits; the MCU acts on them at once, at its current uptime.</summary>
    public void FromHost(ReadOnlySpan<byte> bytes)
    {
        if (HostToMcu && !PoweredDown)
        {
            Mcu.Receive(Corrupt(_toMcuNoise, _noisyToMcu, bytes));
        }
    }

    /// <summary>Runs the unit for <paramref name="elapsed"/> of device time (whole milliseconds; the rest carries over).</summary>
    public void Advance(TimeSpan elapsed)
    {
        _carry += elapsed;
        var ms = (uint)Math.Max(0, Math.Floor(_carry.TotalMilliseconds));
        _carry -= TimeSpan.FromMilliseconds(ms);
        DeviceTime += TimeSpan.FromMilliseconds(ms);

        // The host's board outputs as it left them: cooling-enable is in series with the compressor drive.
        Plant.CoolingEnableLine = Board.RelayClosed;
        if (_resetPulsed)
        {
            _resetPulsed = false;
            ResetMcu(ResetReason.HostResetLine);
        }

        if (_powerDownLeftMs > 0)
        {
            var down = Math.Min(ms, _powerDownLeftMs);
            Plant.Drive(McuDrive.Safe(fan: false), down);
            _powerDownLeftMs -= down;
            ms -= down;
            if (_powerDownLeftMs == 0)
            {
                Plant.Powered = true;
                Reboot(ResetReason.PowerOn);
            }
        }

        if (!PoweredDown)
        {
            Mcu.Advance(ms);
        }

        // The board's inputs as the unit now is; the MCU holds its fault line Low while latched or unpowered.
        var mcuFault = (PoweredDown || Mcu.Latched != McuFaults.None || _faultLineStuck) && !_faultLineShorted;
        if (mcuFault != _mcuFaultLine)
        {
            _mcuFaultLine = mcuFault;
            Board.SetMcuFault(mcuFault);
        }
        if (Plant.ElapsedMs >= _nextProbeSampleMs)
        {
            Probe.Sample();
            _probeSampledAt = DeviceTime;
            _nextProbeSampleMs = Plant.ElapsedMs + 1000;
        }
    }

    /// <summary>Plugs or unplugs a cap (on a patient's head: its couplings open and the scalp warms it).</summary>
    public void SetCap(CapChannel channel, bool connected)
    {
        Plant.SetCapConnected(channel, connected);
        Board.SetCapConnected(channel == CapChannel.A ? 'A' : 'B', connected);
    }

    /// <summary>Presses or releases the front-panel STOP button.</summary>
    public void SetStopPressed(bool pressed) => Board.SetStopPressed(pressed);

    /// <summary>Switches one fault on or off: link faults on the cable, the others in the plant.</summary>
    public void Apply(FaultChange change)
    {
        switch (change.Fault)
        {
            case SimulatedFault.LinkNoise:
                BitErrorRate = change.Active ? change.BitErrorRate ?? 0 : 0;
                break;
            case SimulatedFault.LinkDown:
                LinkDown = change.Active;
                break;
            case SimulatedFault.LinkHostToMcuDown:
                HostToMcu = !change.Active;
                break;
            case SimulatedFault.FaultLineStuck:
                _faultLineStuck = change.Active;
                break;
            case SimulatedFault.FaultLineShorted:
                _faultLineShorted = change.Active;
                break;
            case SimulatedFault.ClockUnsynced:
                ClockUnsynced = change.Active;
                break;
            case SimulatedFault.RelayWelded:
                Board.RelayWelded = change.Active;
                break;
            case SimulatedFault.BuzzerOpen:
                Board.BuzzerOpen = change.Active;
                break;
            default:
                Plant.Apply(change);
                break;
        }
    }

    /// <summary>The MCU resets (its reset pin, or its own watchdog): latches survive in retained RAM.</summary>
    public McuEmulator ResetMcu(ResetReason reason = ResetReason.Watchdog)
    {
        if (!PoweredDown)
        {
            Reboot(reason);
        }

        return Mcu;
    }

    /// <summary>Boots different firmware (for example one speaking another protocol version), exactly as given.</summary>
    public McuEmulator Flash(McuEmulatorOptions firmware)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        return Mcu = Boot(firmware);
    }

    /// <summary>
    /// The whole unit loses power for <paramref name="down"/>: the compressor and pump stop, the plant keeps
    /// exchanging heat with the room, and the MCU boots afterwards with reset reason power-on (latches lost).
    /// </summary>
    public void PowerCut(TimeSpan down)
    {
        _powerDownLeftMs = (uint)Math.Max(1, Math.Round(down.TotalMilliseconds));
        Plant.Powered = false;
    }

    private void Reboot(ResetReason reason)
    {
        var options = _options.Mcu with { ResetReason = reason, RetainedLatches = Mcu.Latched };
        Mcu = Boot(options);
    }

    private McuEmulator Boot(McuEmulatorOptions options)
    {
        var mcu = new McuEmulator(options, Plant, ToHost);
        McuBooted?.Invoke(mcu);
        return mcu;
    }

    private void ToHost(ReadOnlySpan<byte> bytes)
    {
        if (McuToHost)
        {
            _toHost(Corrupt(_toHostNoise, _noisyToHost, bytes));
        }
    }

    // The host is away for downtime: nobody sends, nobody listens. Stepped as usual until the dead-man has surely
    // expired, then coasted in closed form with the outputs safe, then stepped again to settle the MCU's debounce.
    private void RunUnattended(TimeSpan downtime)
    {
        var fine = TimeSpan.FromMilliseconds(_options.Mcu.MaxDurationMs) + DowntimeFineMargin;
        var first = downtime < fine ? downtime : fine;
        Advance(first);
        var rest = downtime - first;
        if (rest <= TimeSpan.Zero)
        {
            return;
        }

        var settle = rest < DowntimeSettle ? rest : DowntimeSettle;
        Coast(rest - settle);
        Advance(settle);
    }

    private void Coast(TimeSpan span)
    {
        _carry += span;
        var ms = (long)Math.Floor(_carry.TotalMilliseconds);
        _carry -= TimeSpan.FromMilliseconds(ms);
        DeviceTime += TimeSpan.FromMilliseconds(ms);
        while (ms > 0)
        {
            if (_powerDownLeftMs > 0)
            {
                var down = Math.Min(ms, _powerDownLeftMs);
                Plant.Coast(TimeSpan.FromMilliseconds(down));
                _powerDownLeftMs -= (uint)down;
                ms -= down;
                if (_powerDownLeftMs == 0)
                {
                    Plant.Powered = true;
                    Reboot(ResetReason.PowerOn);
                }

                continue;
            }

            Plant.Coast(TimeSpan.FromMilliseconds(ms));
            Mcu.Idle(TimeSpan.FromMilliseconds(ms));
            ms = 0;
        }
    }

    private static ReadOnlySpan<byte> Corrupt(LineNoise noise, List<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        if (noise.IsQuiet)
        {
            return bytes;
        }

        buffer.Clear();
        noise.Apply(bytes, buffer);
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
    }
}
