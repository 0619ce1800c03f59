using Paxman.Edge.Core;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Noise;

namespace Paxman.Edge.Simulation.Plant;

/// <summary>
/// The lumped thermal model of the unit, integrated with a fixed step of <see cref="PlantConstants.StepMs"/>:
/// one node for the reservoir with its pipework, one node per cap, the compressor with its inverter limits,
/// the pump and valves, and the sensors with lag and noise. The equations and constants are documented in
/// simulator/README.md. It is what the emulated MCU drives and reads (<see cref="IMcuPlant"/>), and what the
/// simulated board and safety probe read, so every seam the host sees is fed by one model. Its whole state can be
/// saved (<see cref="Capture"/>) and carried on from (<see cref="Restore"/>), and a stopped plant can be advanced
/// over hours in closed form (<see cref="Coast"/>).
/// Not thread-safe: it is stepped on the engine's thread in lock-step with the MCU emulator.
/// </summary>
public sealed class ThermalPlant : IMcuPlant
{
    private const double StepSeconds = PlantConstants.StepMs / 1000.0;

    private readonly NoiseSource _noise;
    private readonly NoiseSource _probeNoise;
    private readonly double[] _capC = new double[2];
    private readonly bool[] _capConnected = new bool[2];
    private readonly bool[] _flowBlocked = new bool[2];
    private readonly bool[] _flowSensorStuck = new bool[2];
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
    private double? _stuckProbeC;
    private short _lastSupplyCc;
    private double _capacityFactor = 1;

    /// <param name="constants">The physical constants (simulator/README.md).</param>
    /// <param name="ambientC">Room temperature; the coolant and the caps start at it.</param>
    /// <param name="seed">Seeds the sensor noise, so a run can be repeated exactly.</param>
    public ThermalPlant(PlantConstants constants, double ambientC, int seed)
        : this(constants, new NoiseSource(seed), new NoiseSource(unchecked((seed * 7919) + 1)))
    {
        AmbientC = ambientC;
        CoolantLitres = constants.CoolantFullLitres;
        _reservoirC = _supplySensorC = _mixedReturnSensorC = _probeSensorC = ambientC;
        _capC[0] = _capC[1] = _returnSensorC[0] = _returnSensorC[1] = ambientC;
        _lastSupplyCc = ToCc(ambientC);
    }

    private ThermalPlant(PlantConstants constants, NoiseSource noise, NoiseSource probeNoise)
    {
        ArgumentNullException.ThrowIfNull(constants);
        Constants = constants;
        _noise = noise;
        _probeNoise = probeNoise;
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

    /// <inheritdoc />
    public byte CompressorSpeedPct => (byte)Math.Round(_compressorPct);

    public bool PumpRunning => _pumpRunning;

    /// <summary>The heat flows of the last integration step.</summary>
    public PlantHeatFlows LastStep { get; private set; }

    /// <summary>Counts compressor starts (for figures).</summary>
    public int CompressorStarts { get; private set; }

    // Faults (their names in SimulatedFault, as in simulator/README.md, "Faults"). Each can be switched on and off at any time.

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

    /// <summary><c>compressor-stuck</c>: the compressor runs at least at its minimum speed whatever it is commanded, while the cooling-enable line is high.</summary>
    public bool CompressorStuck { get; set; }

    /// <summary><c>flow-block</c> on one channel: a kinked or blocked hose, no flow through that cap.</summary>
    public bool IsFlowBlocked(CapChannel channel) => _flowBlocked[(int)channel];

    public void SetFlowBlocked(CapChannel channel, bool blocked) => _flowBlocked[(int)channel] = blocked;

    /// <summary>
    /// <c>flow-sensor-stuck</c> on one channel: its flow sensor reads a steady <see cref="PlantConstants.ChannelFlowLpm"/>,
    /// without noise, whatever flows (a jammed paddle wheel, electronics failed in range).
    /// </summary>
    public bool IsFlowSensorStuck(CapChannel channel) => _flowSensorStuck[(int)channel];

    public void SetFlowSensorStuck(CapChannel channel, bool stuck) => _flowSensorStuck[(int)channel] = stuck;

    /// <summary>
    /// A compressor losing capacity (low refrigerant charge, a fouled condenser): its refrigeration times this factor
    /// (0..1, 1 = healthy). Library level, no fault name; the host sees only the coolant warmer than it should be.
    /// </summary>
    public double CompressorCapacityFactor
    {
        get => _capacityFactor;
        set => _capacityFactor = Math.Clamp(value, 0, 1);
    }

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

    /// <summary><c>probe-stuck</c>: the safety probe keeps reading what its element read when the fault began, without noise.</summary>
    public bool ProbeStuck
    {
        get => _stuckProbeC is not null;
        set => _stuckProbeC = value ? (_stuckProbeC ?? ProbeElementC) : null;
    }

    /// <summary>One noisy safety-probe sample, C; NaN while <see cref="ProbeFailed"/>.</summary>
    public double SampleProbeC() =>
        ProbeFailed ? double.NaN : _stuckProbeC ?? ProbeElementC + Gaussian(_probeNoise, Constants.TemperatureNoiseSigmaC);

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
            case SimulatedFault.ProbeStuck:
                ProbeStuck = change.Active;
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
            case SimulatedFault.CompressorStuck:
                CompressorStuck = change.Active;
                break;
            case SimulatedFault.FlowBlock:
                SetFlowBlocked(change.Channel ?? throw new ArgumentException("flow-block needs a channel", nameof(change)), change.Active);
                break;
            case SimulatedFault.FlowSensorStuck:
                SetFlowSensorStuck(change.Channel ?? throw new ArgumentException("flow-sensor-stuck needs a channel", nameof(change)), change.Active);
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
        StopAtOnceIfCommanded();
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
        var refrigeration = k.FullSpeedCapacityW(res) * _capacityFactor * _compressorPct / 100.0;
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

    /// <summary>The plant's whole state now; <see cref="Restore"/> carries on from it exactly.</summary>
    public ThermalPlantSnapshot Capture()
    {
        var faults = new List<ActiveFault>();
        void On(bool active, SimulatedFault fault, CapChannel? channel = null, double? offsetC = null)
        {
            if (active)
            {
                faults.Add(ActiveFault.From(new FaultChange(fault, true, channel, OffsetC: offsetC)));
            }
        }

        On(SupplySensorOpen, SimulatedFault.SensorOpen);
        On(SupplySensorShort, SimulatedFault.SensorShort);
        On(SupplySensorStuck, SimulatedFault.SensorStuck);
        On(ProbeOffsetC != 0, SimulatedFault.ProbeDisagree, offsetC: ProbeOffsetC);
        On(PumpFailed, SimulatedFault.PumpFail);
        On(CompressorFailed, SimulatedFault.CompressorFail);
        On(CompressorStuck, SimulatedFault.CompressorStuck);
        On(ProbeStuck, SimulatedFault.ProbeStuck);
        On(_flowBlocked[0], SimulatedFault.FlowBlock, CapChannel.A);
        On(_flowBlocked[1], SimulatedFault.FlowBlock, CapChannel.B);
        On(Level != ReservoirLevel.Ok, SimulatedFault.LowCoolant);
        On(_flowSensorStuck[0], SimulatedFault.FlowSensorStuck, CapChannel.A);
        On(_flowSensorStuck[1], SimulatedFault.FlowSensorStuck, CapChannel.B);

        return new ThermalPlantSnapshot
        {
            AmbientC = AmbientC,
            ElapsedMs = _elapsedMs,
            CarryMs = _carryMs,
            Powered = Powered,
            CoolingEnableLine = CoolingEnableLine,
            CoolantLitres = CoolantLitres,
            ReservoirC = _reservoirC,
            SupplySensorC = _supplySensorC,
            MixedReturnSensorC = _mixedReturnSensorC,
            ProbeSensorC = _probeSensorC,
            Caps = [CaptureCap(0), CaptureCap(1)],
            CompressorPct = _compressorPct,
            CompressorStoppedAtMs = _compressorStoppedAtMs,
            CompressorStarts = CompressorStarts,
            PumpRunning = _pumpRunning,
            Drive = _drive,
            Faults = faults,
            StuckSupplyCc = _stuckSupplyCc,
            StuckProbeC = _stuckProbeC,
            LastSupplyCc = _lastSupplyCc,
            ForcedSupplyC = ForcedSupplyC,
            CompressorDriveFault = CompressorDriveFault,
            PumpDriveFault = PumpDriveFault,
            ProbeFailed = ProbeFailed,
            CompressorCapacityFactor = _capacityFactor,
            SensorNoise = _noise.Capture(),
            ProbeNoise = _probeNoise.Capture(),
        };
    }

    /// <summary>A plant that carries on from <paramref name="snapshot"/> with <paramref name="constants"/>.</summary>
    /// <remarks>
    /// <c>low-coolant</c> in the snapshot's faults is informational: the reservoir holds <see cref="ThermalPlantSnapshot.CoolantLitres"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The snapshot is not valid (the message says what is wrong).</exception>
    public static ThermalPlant Restore(PlantConstants constants, ThermalPlantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(constants);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Validate(snapshot) is { } problem)
        {
            throw new ArgumentException(problem, nameof(snapshot));
        }

        var plant = new ThermalPlant(constants, NoiseSource.Restore(snapshot.SensorNoise), NoiseSource.Restore(snapshot.ProbeNoise))
        {
            AmbientC = snapshot.AmbientC,
            Powered = snapshot.Powered,
            CoolingEnableLine = snapshot.CoolingEnableLine,
            ForcedSupplyC = snapshot.ForcedSupplyC,
            CompressorDriveFault = snapshot.CompressorDriveFault,
            PumpDriveFault = snapshot.PumpDriveFault,
            ProbeFailed = snapshot.ProbeFailed,
            CompressorCapacityFactor = snapshot.CompressorCapacityFactor,
            CompressorStarts = snapshot.CompressorStarts,
            _elapsedMs = snapshot.ElapsedMs,
            _carryMs = snapshot.CarryMs,
            _reservoirC = snapshot.ReservoirC,
            _supplySensorC = snapshot.SupplySensorC,
            _mixedReturnSensorC = snapshot.MixedReturnSensorC,
            _probeSensorC = snapshot.ProbeSensorC,
            _compressorPct = snapshot.CompressorPct,
            _compressorStoppedAtMs = snapshot.CompressorStoppedAtMs,
            _pumpRunning = snapshot.PumpRunning,
            _drive = snapshot.Drive,
            _lastSupplyCc = snapshot.LastSupplyCc,
        };
        for (var c = 0; c < 2; c++)
        {
            var cap = snapshot.Caps[c];
            plant._capConnected[c] = cap.Connected;
            plant._capC[c] = cap.TemperatureC;
            plant._returnSensorC[c] = cap.ReturnSensorC;
            plant._flowLpm[c] = cap.FlowLpm;
            plant._flowFactor[c] = cap.FlowFactor;
        }

        foreach (var fault in snapshot.Faults)
        {
            fault.TryToChange(out var change, out _);
            if (change.Fault is not SimulatedFault.SensorStuck and not SimulatedFault.ProbeStuck)
            {
                plant.Apply(change);
            }
        }

        plant._stuckSupplyCc = snapshot.StuckSupplyCc;
        plant._stuckProbeC = snapshot.StuckProbeC;
        plant.CoolantLitres = snapshot.CoolantLitres;
        return plant;
    }

    /// <summary>Null when <paramref name="snapshot"/> can be restored, else what is wrong with it (one sentence).</summary>
    public static string? Validate(ThermalPlantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        double[] temperatures = [snapshot.AmbientC, snapshot.ReservoirC, snapshot.SupplySensorC, snapshot.MixedReturnSensorC, snapshot.ProbeSensorC];
        if (snapshot.Caps is not { Count: 2 })
        {
            return $"the plant has two caps, not {snapshot.Caps?.Count ?? 0}";
        }

        if (!temperatures.Concat(snapshot.Caps.SelectMany(c => new[] { c.TemperatureC, c.ReturnSensorC })).All(t => double.IsFinite(t) && t is > -273.15 and < 1000))
        {
            return "a plant temperature is not a temperature";
        }

        if (snapshot.Caps.Any(c => !(c.FlowLpm >= 0 && double.IsFinite(c.FlowLpm)) || !(c.FlowFactor is >= 0 and <= 1)))
        {
            return "a cap's flow must be at least 0 L/min and its restriction 0..1";
        }

        if (!(snapshot.CoolantLitres >= 0 && double.IsFinite(snapshot.CoolantLitres)))
        {
            return $"the reservoir cannot hold {snapshot.CoolantLitres} L";
        }

        if (!(snapshot.CompressorPct is >= 0 and <= 100))
        {
            return $"the compressor cannot run at {snapshot.CompressorPct} %";
        }

        if (snapshot.ElapsedMs < 0 || snapshot.CarryMs >= PlantConstants.StepMs || snapshot.CompressorStoppedAtMs > snapshot.ElapsedMs)
        {
            return "the plant's elapsed time and compressor off-timer do not fit together";
        }

        if (snapshot.Faults is null)
        {
            return "the plant's faults are missing";
        }

        foreach (var fault in snapshot.Faults)
        {
            if (fault is null)
            {
                return "a fault entry is empty";
            }

            if (!fault.TryToChange(out var change, out var problem))
            {
                return problem;
            }

            if (change.Fault is SimulatedFault.LinkNoise or SimulatedFault.LinkDown or SimulatedFault.LinkHostToMcuDown)
            {
                return $"{fault.Fault} belongs to the cable, not the plant";
            }
        }

        if (snapshot.Faults.Any(f => f.Fault == SimulatedFault.SensorStuck.Name()) != snapshot.StuckSupplyCc.HasValue)
        {
            return "sensor-stuck and the value it sticks at go together";
        }

        if (snapshot.Faults.Any(f => f.Fault == SimulatedFault.ProbeStuck.Name()) != snapshot.StuckProbeC.HasValue)
        {
            return "probe-stuck and the value it sticks at go together";
        }

        if (!(snapshot.CompressorCapacityFactor is >= 0 and <= 1))
        {
            return $"the compressor's capacity factor {snapshot.CompressorCapacityFactor} is outside 0..1";
        }

        if (snapshot.ForcedSupplyC is { } forced && !double.IsFinite(forced))
        {
            return "the forced supply reading is not a number";
        }

        return snapshot.SensorNoise?.Validate() ?? snapshot.ProbeNoise?.Validate()
            ?? (snapshot.SensorNoise is null || snapshot.ProbeNoise is null ? "the plant's noise sources are missing" : null);
    }

    /// <summary>
    /// Advances a stopped plant (compressor not running and not about to start, pump not turning) by
    /// <paramref name="elapsed"/> in closed form: the same equations as <see cref="Step"/> with their flows at zero,
    /// solved exactly, so hours cost as little as a millisecond. Each node relaxes exponentially towards the room
    /// (a connected cap towards the room plus its scalp load over its cover's conductance), and each sensor follows
    /// the reservoir through its first-order lag. Whole steps are integrated; the rest carries over, as in
    /// <see cref="Drive"/>. No noise is drawn.
    /// </summary>
    /// <exception cref="InvalidOperationException">The compressor or the pump would run.</exception>
    public void Coast(TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        var k = Constants;
        var command = Powered && CoolingEnableLine && !CompressorFailed ? CommandedSpeed() : 0.0;
        if (_compressorPct > 0 || command >= k.CompressorMinRunPct || (Powered && _drive.Pump && !PumpFailed))
        {
            throw new InvalidOperationException("Only a stopped plant coasts: stop the compressor and the pump first.");
        }

        var totalMs = _carryMs + (long)Math.Floor(elapsed.TotalMilliseconds);
        var steps = totalMs / PlantConstants.StepMs;
        _carryMs = (uint)(totalMs % PlantConstants.StepMs);
        _elapsedMs += steps * PlantConstants.StepMs;
        var t = steps * StepSeconds;

        var ambient = AmbientC;
        var reservoirRate = k.ReservoirInsulationWPerK / k.ReservoirHeatCapacity(CoolantLitres);
        var offset = _reservoirC - ambient;
        _reservoirC = ambient + (offset * Math.Exp(-reservoirRate * t));
        _supplySensorC = Lagged(_supplySensorC, ambient, offset, reservoirRate, 1 / k.SensorLagSeconds, t);
        _mixedReturnSensorC = Lagged(_mixedReturnSensorC, ambient, offset, reservoirRate, 1 / k.SensorLagSeconds, t);
        _probeSensorC = Lagged(_probeSensorC, ambient, offset, reservoirRate, 1 / k.ProbeLagSeconds, t);

        Span<double> scalp = stackalloc double[2];
        Span<double> roomToCap = stackalloc double[2];
        for (var c = 0; c < 2; c++)
        {
            _returnSensorC[c] = Lagged(_returnSensorC[c], ambient, offset, reservoirRate, 1 / k.SensorLagSeconds, t);
            _flowLpm[c] = 0;
            scalp[c] = _capConnected[c] ? k.ScalpLoadW : 0;
            var conductance = _capConnected[c] ? k.CapCoverWPerK : k.CapUnpluggedWPerK;
            if (conductance > 0)
            {
                var target = ambient + (scalp[c] / conductance);
                _capC[c] = target + ((_capC[c] - target) * Math.Exp(-conductance / k.CapHeatCapacity * t));
            }
            else
            {
                _capC[c] += scalp[c] * t / k.CapHeatCapacity;
            }

            roomToCap[c] = conductance * (ambient - _capC[c]);
        }

        _pumpRunning = false;
        LastStep = new PlantHeatFlows(0, k.ReservoirInsulationWPerK * (ambient - _reservoirC), 0, scalp[0], scalp[1], roomToCap[0], roomToCap[1], 0, 0);
    }

    // A first-order lag x' = c (r - x) following r(t) = ambient + offset e^(-a t), from x0, after t seconds.
    private static double Lagged(double x0, double ambient, double offset, double a, double c, double t)
    {
        if (Math.Abs(c - a) < 1e-12)
        {
            return ambient + (((x0 - ambient) + (offset * c * t)) * Math.Exp(-c * t));
        }

        var forced = offset * c / (c - a);
        return ambient + (forced * Math.Exp(-a * t)) + ((x0 - ambient - forced) * Math.Exp(-c * t));
    }

    // What the inverter runs at: the drive's command, or (stuck) never below its minimum speed.
    private double CommandedSpeed() => CompressorStuck ? Math.Max(_drive.CompressorPct, Constants.CompressorMinRunPct) : _drive.CompressorPct;

    private CapSnapshot CaptureCap(int c) => new()
    {
        Connected = _capConnected[c],
        TemperatureC = _capC[c],
        ReturnSensorC = _returnSensorC[c],
        FlowLpm = _flowLpm[c],
        FlowFactor = _flowFactor[c],
    };

    // A stop is immediate: removing the drive's command stops the compressor the moment it is driven, not one
    // integration step later, so the STATUS of the period that stopped it already reads 0 (IMcuPlant.CompressorSpeedPct).
    private void StopAtOnceIfCommanded()
    {
        var command = Powered && CoolingEnableLine && !CompressorFailed ? CommandedSpeed() : 0.0;
        if (_compressorPct > 0 && command < Constants.CompressorMinRunPct)
        {
            _compressorPct = 0;
            _compressorStoppedAtMs = _elapsedMs;
        }
    }

    private void StepCompressor()
    {
        var k = Constants;
        var command = Powered && CoolingEnableLine && !CompressorFailed ? CommandedSpeed() : 0.0;
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

        // No minimum off time here: the host's PidCompressorLaw enforces it (firmware-protocol/protocol.md, "0x02
        // SET_STATE": the outputs follow within one control period, and the MCU adds no hidden lockout).
        if (target > 0)
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
        if (_flowSensorStuck[channel])
        {
            return (ushort)Math.Round(Constants.ChannelFlowLpm * 100);
        }

        if (_flowLpm[channel] <= 0)
        {
            return 0;
        }

        var lpm = _flowLpm[channel] + Gaussian(_noise, Constants.FlowNoiseSigmaLpm);
        return (ushort)Math.Clamp(Math.Round(lpm * 100), 0, ushort.MaxValue);
    }

    private static double Gaussian(NoiseSource random, double sigma)
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
