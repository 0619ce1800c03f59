using Paxman.Edge.Core;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Board;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation;

/// <summary>
/// The whole simulated unit behind the host's seams, all fed by one <see cref="ThermalPlant"/>: the emulated MCU
/// that drives and reads it, the serial cable between host and MCU (with its faults), the board's GPIO
/// (<see cref="Board"/>: cap switches, STOP, the MCU fault and reset lines, cooling-enable wired in series with the
/// compressor), the safety probe (<see cref="Probe"/>, and <see cref="ProbeConverter"/> at register level), and the
/// unit-level events (MCU reset, power cut). Stepped in device time by <see cref="Advance"/> on the engine's thread, so a run is deterministic.
/// Not thread-safe: other threads hand changes to the engine, which applies them between ticks.
/// </summary>
public sealed class SimulatedUnit
{
    private readonly SimulatedUnitOptions _options;
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

    /// <param name="options">How the unit is built.</param>
    /// <param name="clock">The engine's clock, which stamps the safety probe's readings; the system clock when null.</param>
    public SimulatedUnit(SimulatedUnitOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Plant = new ThermalPlant(options.Plant, options.AmbientC, options.Seed);
        if (options.StartCoolantC is { } start)
        {
            Plant.SetCoolantTemperature(start);
        }

        Board = new SimulatedBoardDriver();
        Board.McuResetPulsed += () => _resetPulsed = true;
        Probe = new SimulatedSafetyProbe(() => Plant.SampleProbeC(), clock ?? TimeProvider.System);
        ProbeConverter = new SimulatedMax31865(() => Plant.ProbeElementC);
        _toMcuNoise = new LineNoise(unchecked((options.Seed * 31) + 2));
        _toHostNoise = new LineNoise(unchecked((options.Seed * 31) + 3));
        Mcu = Boot(options.Mcu);
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
        Plant.CoolingEnableLine = Board.CoolingEnable;
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
        var mcuFault = PoweredDown || Mcu.Latched != McuFaults.None;
        if (mcuFault != _mcuFaultLine)
        {
            _mcuFaultLine = mcuFault;
            Board.SetMcuFault(mcuFault);
        }
        if (Plant.ElapsedMs >= _nextProbeSampleMs)
        {
            Probe.Sample();
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
        var mcu = new McuEmulator(options, Plant, bytes =>
        {
            if (McuToHost)
            {
                _toHost(Corrupt(_toHostNoise, _noisyToHost, bytes));
            }
        });
        McuBooted?.Invoke(mcu);
        return mcu;
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
