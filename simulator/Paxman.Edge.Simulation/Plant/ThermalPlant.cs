using Paxman.Edge.Core;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;

namespace Paxman.Edge.Simulation.Plant;

/// <summary>
/// The lumped thermal model of the unit, integrated with a fixed step of <see cref="PlantConstants.StepMs"/>:
/// one node for the reservoir with its pipework, one node per cap, the compressor with its inverter limits,
/// the pump and valves, and the sensors with lag and noise. The equations and constants are documented in
/// simulator/README.md. It is what the emulated MCU drives and reads (<see cref="IMcuPlant"/>), and what the
/// simulated board and safety probe read, so every seam the host sees is fed by one model.
/// Not thread-safe: it is stepped on the engine's thread in lock-step with the MCU emulator.
/// </summary>
public sealed class ThermalPlant : IMcuPlant
{
    private const double StepSeconds = PlantConstants.StepMs / 1000.0;

    private readonly Random _noise;
    private readonly Random _probeNoise;
    private readonly double[] _capC = new double[2];
    private readonly bool[] _capConnected = new bool[2];
    private readonly bool[] _flowBlocked = new bool[2];
    private readonly double[] _flowFactor = [1, 1];
    private readonly double[] _flowLpm = new double[2];
    private readonly double[] _returnSensorC = new double[2];

    private uint _carryMs;
    private long _elapsedMs;
    private double _reservoirC;
    private double _supplySensorC;
    private double _mixedReturnSensorC;
    private double _probeSensorC;
    private double _compressorPct;
    private long? _compressorStoppedAtMs;
    private bool _pumpRunning;
    private McuDrive _drive = McuDrive.Safe(fan: false);
    private short? _stuckSupplyCc;
    private short _lastSupplyCc;

    /// <param name="constants">The physical constants (simulator/README.md).</param>
    /// <param name="ambientC">Room temperature; the coolant and the caps start at it.</param>
    /// <param name="seed">Seeds the sensor noise, so a run can be repeated exactly.</param>
    public ThermalPlant(PlantConstants constants, double ambientC, int seed)
    {
        ArgumentNullException.ThrowIfNull(constants);
        Constants = constants;
        AmbientC = ambientC;
        CoolantLitres = constants.CoolantFullLitres;
        _noise = new Random(seed);
        _probeNoise = new Random(unchecked((seed * 7919) + 1));
        _reservoirC = _supplySensorC = _mixedReturnSensorC = _probeSensorC = ambientC;
        _capC[0] = _capC[1] = _returnSensorC[0] = _returnSensorC[1] = ambientC;
        _lastSupplyCc = ToCc(ambientC);
    }

    public PlantConstants Constants { get; }

    /// <summary>Room temperature, C; may change at any time.</summary>
    public double AmbientC { get; set; }

    /// <summary>Device time integrated so far.</summary>
    public long ElapsedMs => _elapsedMs;

    /// <summary>False while the unit has no power: the compressor and pump stop; heat exchange with the room goes on.</summary>
    public bool Powered { get; set; } = true;

    /// <summary>
    /// The host's cooling-enable line, wired in series with the compressor drive: false stops the compressor
    /// whatever the MCU commands. True when no board drives it (the emulator alone behind a serial port).
    /// </summary>
    public bool CoolingEnableLine { get; set; } = true;

    /// <summary>Coolant in the reservoir and pipework, L (the level switches read it).</summary>
    public double CoolantLitres { get; set; }

    /// <summary>True coolant temperature in the reservoir (the supply), C.</summary>
    public double ReservoirC => _reservoirC;

    /// <summary>The compressor's actual speed, %.</summary>
    public double CompressorPct => _compressorPct;

    public bool PumpRunning => _pumpRunning;

    /// <summary>The heat flows of the last integration step.</summary>
    public PlantHeatFlows LastStep { get; private set; }

    /// <summary>Counts compressor starts (for figures).</summary>
    public int CompressorStarts { get; private set; }

    // Faults (CONTRACT section 5 names in SimulatedFault). Each can be switched on and off at any time.

    /// <summary><c>sensor-open</c>: the MCU's supply sensor reads "not available".</summary>
    public bool SupplySensorOpen { get; set; }

    /// <summary><c>sensor-short</c>: the MCU's supply sensor reads <see cref="PlantConstants.ShortedSensorC"/>.</summary>
    public bool SupplySensorShort { get; set; }

    /// <summary><c>sensor-stuck</c>: the MCU's supply sensor keeps the value it read when the fault began, without noise.</summary>
    public bool SupplySensorStuck
    {
        get => _stuckSupplyCc is not null;
        set => _stuckSupplyCc = value ? (_stuckSupplyCc ?? _lastSupplyCc) : null;
    }

    /// <summary>
    /// Bench tool: a precision resistor in place of the supply sensor, so the MCU reads exactly this (C), without
    /// noise or lag. Null = the real sensor. For bench tests of the MCU's trips; no fault name maps to it.
    /// </summary>
    public double? ForcedSupplyC { get; set; }

    /// <summary>Bench tool: the compressor inverter reports a drive fault to the MCU.</summary>
    public bool CompressorDriveFault { get; set; }

    /// <summary>Bench tool: the pump driver reports a fault to the MCU.</summary>
    public bool PumpDriveFault { get; set; }

    /// <summary><c>probe-disagree</c>: the safety probe reads this much above the truth, C (0 = healthy).</summary>
    public double ProbeOffsetC { get; set; }

    /// <summary><c>pump-fail</c>: the pump does not turn; nothing circulates.</summary>
    public bool PumpFailed { get; set; }

    /// <summary><c>compressor-fail</c>: the compressor does not run, whatever it is commanded.</summary>
    public bool CompressorFailed { get; set; }

    /// <summary><c>flow-block</c> on one channel: a kinked or blocked hose, no flow through that cap.</summary>
    public bool IsFlowBlocked(CapChannel channel) => _flowBlocked[(int)channel];

    public void SetFlowBlocked(CapChannel channel, bool blocked) => _flowBlocked[(int)channel] = blocked;

    /// <summary>A partly restricted hose: the channel's flow times <paramref name="factor"/> (0..1).</summary>
    public void SetFlowRestriction(CapChannel channel, double factor) => _flowFactor[(int)channel] = Math.Clamp(factor, 0, 1);

    /// <summary>The cap is plugged into the unit and on a patient's head (its quick couplings open).</summary>
    public bool IsCapConnected(CapChannel channel) => _capConnected[(int)channel];

    public void SetCapConnected(CapChannel channel, bool connected) => _capConnected[(int)channel] = connected;

    /// <summary>True temperature of a cap (the coolant leaving it), C.</summary>
    public double CapC(CapChannel channel) => _capC[(int)channel];

    /// <summary>True coolant flow through a channel, L/min.</summary>
    public double FlowLpm(CapChannel channel) => _flowLpm[(int)channel];

    /// <summary>The reservoir level as its two float switches read it.</summary>
    public ReservoirLevel Level =>
        CoolantLitres < Constants.EmptyLevelLitres ? ReservoirLevel.Empty
        : CoolantLitres < Constants.LowLevelLitres ? ReservoirLevel.Low
        : ReservoirLevel.Ok;

    /// <summary>Heat stored in the plant relative to 0 C, J (for the energy balance).</summary>
    public double StoredHeatJ =>
        (Constants.ReservoirHeatCapacity(CoolantLitres) * _reservoirC) + (Constants.CapHeatCapacity * (_capC[0] + _capC[1]));

    /// <summary>The safety probe's element temperature (lagged, offset by <see cref="ProbeOffsetC"/>), without noise.</summary>
    public double ProbeElementC => _probeSensorC + ProbeOffsetC;

    /// <summary>Library-level fault: the safety probe's element or converter has failed (its readings carry no temperature).</summary>
    public bool ProbeFailed { get; set; }

    /// <summary>One noisy safety-probe sample, C; NaN while <see cref="ProbeFailed"/>.</summary>
    public double SampleProbeC() => ProbeFailed ? double.NaN : ProbeElementC + Gaussian(_probeNoise, Constants.TemperatureNoiseSigmaC);

    /// <summary>Sets the coolant (reservoir, pipework and its sensors) to <paramref name="celsius"/>: a unit that was already running.</summary>
    public void SetCoolantTemperature(double celsius) => _reservoirC = _supplySensorC = _mixedReturnSensorC = _probeSensorC = celsius;

    /// <summary>Switches one of the plant's faults on or off (link faults belong to the cable, not the plant).</summary>
    public void Apply(FaultChange change)
    {
        switch (change.Fault)
        {
            case SimulatedFault.SensorOpen:
                SupplySensorOpen = change.Active;
                break;
            case SimulatedFault.SensorShort:
                SupplySensorShort = change.Active;
                break;
            case SimulatedFault.SensorStuck:
                SupplySensorStuck = change.Active;
                break;
            case SimulatedFault.ProbeDisagree:
                ProbeOffsetC = change.Active ? change.OffsetC ?? SimulatedFaults.DefaultProbeOffsetC : 0;
                break;
            case SimulatedFault.PumpFail:
                PumpFailed = change.Active;
                break;
            case SimulatedFault.CompressorFail:
                CompressorFailed = change.Active;
                break;
            case SimulatedFault.FlowBlock:
                SetFlowBlocked(change.Channel ?? throw new ArgumentException("flow-block needs a channel", nameof(change)), change.Active);
                break;
            case SimulatedFault.LowCoolant:
                // The leak takes the level below the low switch; clearing the fault is a refill.
                CoolantLitres = change.Active ? Constants.CoolantAfterLeakLitres : Constants.CoolantFullLitres;
                break;
            default:
                throw new ArgumentException($"{change.Fault.Name()} is not a fault of the plant", nameof(change));
        }
    }

    /// <inheritdoc />
    public void Drive(McuDrive drive, uint elapsedMs)
    {
        _drive = drive;
        _carryMs += elapsedMs;
        while (_carryMs >= PlantConstants.StepMs)
        {
            _carryMs -= PlantConstants.StepMs;
            Step();
        }
    }

    /// <summary>Advances the model by exactly one integration step with the outputs last driven.</summary>
    public void Step()
    {
        var k = Constants;
        _elapsedMs += PlantConstants.StepMs;
        StepCompressor();

        _pumpRunning = Powered && _drive.Pump && !PumpFailed;
        var circulating = _pumpRunning && Level != ReservoirLevel.Empty;
        var openA = circulating && _drive.ValveA && _capConnected[0] && !_flowBlocked[0];
        var openB = circulating && _drive.ValveB && _capConnected[1] && !_flowBlocked[1];
        var perChannel = openA && openB ? k.ChannelFlowBothOpenLpm : k.ChannelFlowLpm;
        _flowLpm[0] = openA ? perChannel * _flowFactor[0] : 0;
        _flowLpm[1] = openB ? perChannel * _flowFactor[1] : 0;

        // Heat flows (W) at the start of the step; explicit Euler.
        var res = _reservoirC;
        var refrigeration = k.FullSpeedCapacityW(res) * _compressorPct / 100.0;
        var roomToReservoir = k.ReservoirInsulationWPerK * (AmbientC - res);
        var pump = _pumpRunning ? k.PumpHeatW : 0;
        Span<double> scalp = stackalloc double[2];
        Span<double> roomToCap = stackalloc double[2];
        Span<double> capToReservoir = stackalloc double[2];
        for (var c = 0; c < 2; c++)
        {
            scalp[c] = _capConnected[c] ? k.ScalpLoadW : 0;
            roomToCap[c] = (_capConnected[c] ? k.CapCoverWPerK : k.CapUnpluggedWPerK) * (AmbientC - _capC[c]);
            // Coolant enters the cap at the supply temperature and leaves at the cap's (a well-mixed cap).
            capToReservoir[c] = k.FlowWPerK(_flowLpm[c]) * (_capC[c] - res);
        }

        var reservoirCapacity = k.ReservoirHeatCapacity(CoolantLitres);
        _reservoirC += StepSeconds * (roomToReservoir + pump + capToReservoir[0] + capToReservoir[1] - refrigeration) / reservoirCapacity;
        for (var c = 0; c < 2; c++)
        {
            _capC[c] += StepSeconds * (scalp[c] + roomToCap[c] - capToReservoir[c]) / k.CapHeatCapacity;
        }

        LastStep = new PlantHeatFlows(refrigeration, roomToReservoir, pump, scalp[0], scalp[1], roomToCap[0], roomToCap[1],
            capToReservoir[0], capToReservoir[1]);
        StepSensors();
    }

    /// <inheritdoc />
    public McuSensorReadings Sample()
    {
        var supplyCc = ToCc(_supplySensorC + Gaussian(_noise, Constants.TemperatureNoiseSigmaC));
        _lastSupplyCc = supplyCc;
        if (_stuckSupplyCc is { } stuck)
        {
            supplyCc = stuck;
        }

        if (ForcedSupplyC is { } forced)
        {
            supplyCc = ToCc(forced);
        }

        if (SupplySensorShort)
        {
            supplyCc = ToCc(Constants.ShortedSensorC);
        }

        if (SupplySensorOpen)
        {
            supplyCc = ProtocolConstants.TemperatureNotAvailable;
        }

        return new McuSensorReadings(
            supplyCc,
            ToCc(_mixedReturnSensorC + Gaussian(_noise, Constants.TemperatureNoiseSigmaC)),
            ToCc(_returnSensorC[0] + Gaussian(_noise, Constants.TemperatureNoiseSigmaC)),
            ToCc(_returnSensorC[1] + Gaussian(_noise, Constants.TemperatureNoiseSigmaC)),
            FlowReading(0),
            FlowReading(1),
            Level,
            (byte)Math.Round(_compressorPct),
            CompressorDriveFault,
            PumpDriveFault,
            BrownOut: false);
    }

    private void StepCompressor()
    {
        var k = Constants;
        var command = Powered && CoolingEnableLine && !CompressorFailed ? _drive.CompressorPct : 0.0;
        var target = command >= k.CompressorMinRunPct ? Math.Min(command, 100) : 0;
        if (_compressorPct > 0)
        {
            if (target == 0)
            {
                _compressorPct = 0;
                _compressorStoppedAtMs = _elapsedMs;
                return;
            }

            var slew = k.CompressorSlewPctPerSecond * StepSeconds;
            _compressorPct = Math.Max(k.CompressorMinRunPct, _compressorPct + Math.Clamp(target - _compressorPct, -slew, slew));
            return;
        }

        var rested = _compressorStoppedAtMs is not { } stopped || _elapsedMs - stopped >= k.CompressorMinOffSeconds * 1000;
        if (target > 0 && rested)
        {
            // The inverter starts at its minimum speed and ramps from there.
            _compressorPct = k.CompressorMinRunPct;
            CompressorStarts++;
        }
    }

    private void StepSensors()
    {
        var k = Constants;
        var sensorAlpha = StepSeconds / k.SensorLagSeconds;
        var probeAlpha = StepSeconds / k.ProbeLagSeconds;
        _supplySensorC += (_reservoirC - _supplySensorC) * sensorAlpha;
        _probeSensorC += (_reservoirC - _probeSensorC) * probeAlpha;

        var flowing = _flowLpm[0] + _flowLpm[1];
        var mixedReturn = flowing > 0 ? ((_flowLpm[0] * _capC[0]) + (_flowLpm[1] * _capC[1])) / flowing : _reservoirC;
        _mixedReturnSensorC += (mixedReturn - _mixedReturnSensorC) * sensorAlpha;
        for (var c = 0; c < 2; c++)
        {
            // Without flow a channel's return sensor sits in the manifold, at the reservoir's temperature.
            var returnC = _flowLpm[c] > 0 ? _capC[c] : _reservoirC;
            _returnSensorC[c] += (returnC - _returnSensorC[c]) * sensorAlpha;
        }
    }

    private ushort FlowReading(int channel)
    {
        if (_flowLpm[channel] <= 0)
        {
            return 0;
        }

        var lpm = _flowLpm[channel] + Gaussian(_noise, Constants.FlowNoiseSigmaLpm);
        return (ushort)Math.Clamp(Math.Round(lpm * 100), 0, ushort.MaxValue);
    }

    private static double Gaussian(Random random, double sigma)
    {
        if (sigma <= 0)
        {
            return 0;
        }

        // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static short ToCc(double c) => (short)Math.Clamp(Math.Round(c * 100), -32767, 32767);
}
