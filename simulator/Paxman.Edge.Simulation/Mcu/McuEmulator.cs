using System.Buffers.Binary;
using System.Numerics;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// The chiller MCU's firmware as specified in firmware-protocol/protocol.md and safety.md: link and handshake,
/// newest-wins SET_STATE, the dead-man, the temperature trips, the latches and who may clear them.
/// Driven in device time by <see cref="Advance"/>, so the same emulator runs in lock-step with the engine
/// in-process and in real time behind a serial port. Its state can be saved and carried on from
/// (<see cref="Capture"/>, <see cref="Restore"/>), as the real MCU keeps running while its host restarts.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class McuEmulator
{
    private const short TripOverCoolingCc = -1100;
    private const short RangeLowCc = -3000;
    private const short RangeHighCc = 6000;
    private static readonly byte[] BootDelimiter = [0x00];

    private readonly McuEmulatorOptions _options;
    private readonly IMcuPlant _plant;
    private readonly Action<ReadOnlySpan<byte>> _transmit;
    private readonly FrameDecoder _decoder = new(FrameDirection.ToMcu);
    private readonly byte[] _tx = new byte[ProtocolConstants.MaxWireFrame];

    // protocol.md, "Transmitting": one 0x00 before the first frame after a reset, so that a host receiver holding a
    // partial frame is back in step at once. A restored emulator did not reboot and sends none.
    private bool _bootDelimiterDue;

    private uint _uptimeMs;
    private uint _nextStatusAtMs;
    private ushort _statusSeq;
    private ushort _linkId;
    private ushort _helloRequestId;
    private uint _lastAppliedSeq;
    private SetState? _desired;
    private bool _deadManArmed;
    private uint _lastAppliedAtMs;
    private bool _hostSilentActive;
    private ushort _lastClearRequestId;
    private ClearLatchResult _lastClearResult;
    private McuSensorReadings _readings;
    private Debounce _overCooling;
    private Debounce _supplyRange;
    private Debounce _returnRange;
    private Debounce _reservoirEmpty;
    private McuFaults _firstFault;
    private uint _firstFaultAtMs;
    private ushort _tripCount;

    /// <param name="options">Firmware constants and boot state.</param>
    /// <param name="plant">The hardware behind the pins.</param>
    /// <param name="transmit">Writes one complete wire frame towards the host.</param>
    public McuEmulator(McuEmulatorOptions options, IMcuPlant plant, Action<ReadOnlySpan<byte>> transmit)
        : this(options, plant, transmit, boot: true)
    {
    }

    // boot: false for a restored emulator, which carries on with its saved state and takes no sample.
    private McuEmulator(McuEmulatorOptions options, IMcuPlant plant, Action<ReadOnlySpan<byte>> transmit, bool boot)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(transmit);
        _options = options;
        _plant = plant;
        _transmit = transmit;
        Drive = McuDrive.Safe(fan: false);
        if (!boot)
        {
            return;
        }

        _bootDelimiterDue = true;

        // Retained RAM survives every reset but power-on; kept latches are not new trips. The self check latches a
        // brown-out reset as a trip of its own (safety.md, "After a reset").
        Latched = options.ResetReason == ResetReason.PowerOn ? McuFaults.None : options.RetainedLatches;
        if (options.ResetReason == ResetReason.BrownOut && (Latched & McuFaults.BrownOut) == 0)
        {
            Latch(McuFaults.BrownOut);
        }

        _readings = plant.Sample();
    }

    /// <summary>Raised for every applied command, trip, latch and clear, with the MCU's own uptime.</summary>
    public event Action<McuEvent>? Event;

    public uint UptimeMs => _uptimeMs;

    public ushort LinkId => _linkId;

    public uint LastAppliedCmdSeq => _lastAppliedSeq;

    public McuFaults Latched { get; private set; }

    public McuFaults Active { get; private set; }

    /// <summary>What the MCU drives on its pins now.</summary>
    public McuDrive Drive { get; private set; }

    /// <summary>Frames the emulator's decoder accepted and rejected (link-health figures).</summary>
    public FrameDecoder Decoder => _decoder;

    /// <summary>
    /// An emulator that carries on from <paramref name="state"/> without rebooting (no reset, no new sample): what
    /// the MCU was doing while its host restarted. <paramref name="options"/> gives the firmware constants; its
    /// boot fields are replaced by the saved ones.
    /// </summary>
    /// <exception cref="ArgumentException">The state is not valid (the message says what is wrong).</exception>
    public static McuEmulator Restore(McuEmulatorOptions options, IMcuPlant plant, Action<ReadOnlySpan<byte>> transmit, McuEmulatorSnapshot state)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Validate(state) is { } problem)
        {
            throw new ArgumentException(problem, nameof(state));
        }
        var mcu = new McuEmulator(options with { ResetReason = state.ResetReason, RetainedLatches = state.Latched }, plant, transmit, boot: false)
        {
            _uptimeMs = state.UptimeMs,
            _nextStatusAtMs = state.NextStatusAtMs,
            _statusSeq = state.StatusSeq,
            _linkId = state.LinkId,
            _helloRequestId = state.HelloRequestId,
            _lastAppliedSeq = state.LastAppliedCmdSeq,
            _desired = state.Desired?.ToSetState(),
            _deadManArmed = state.DeadManArmed,
            _lastAppliedAtMs = state.LastAppliedAtMs,
            _hostSilentActive = state.HostSilentActive,
            _lastClearRequestId = state.LastClearRequestId,
            _lastClearResult = new ClearLatchResult(state.LastClearRequestId, state.LastClearCleared, state.LastClearStillLatched),
            _overCooling = new Debounce(state.OverCooling),
            _supplyRange = new Debounce(state.SupplyRange),
            _returnRange = new Debounce(state.ReturnRange),
            _reservoirEmpty = new Debounce(state.ReservoirEmpty),
            _firstFault = state.FirstFault,
            _firstFaultAtMs = state.FirstFaultAtMs,
            _tripCount = state.TripCount,
            Latched = state.Latched,
            Active = state.Active,
            Drive = state.Drive,
        };
        return mcu;
    }

    /// <summary>Null when <paramref name="state"/> can be restored, else what is wrong with it (one sentence).</summary>
    public static string? Validate(McuEmulatorSnapshot state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Enum.IsDefined(state.ResetReason))
        {
            return $"{state.ResetReason} is not a reset reason";
        }

        if (state.Drive.CompressorPct > 100 || state.Desired?.CompressorPct > 100)
        {
            return "the MCU cannot drive the compressor above 100 %";
        }

        DebounceState?[] debounces = [state.OverCooling, state.SupplyRange, state.ReturnRange, state.ReservoirEmpty];
        if (debounces.Any(d => d is null || d.Run is < 0 or >= Debounce.Samples))
        {
            return $"a debounced condition's run is 0..{Debounce.Samples - 1}";
        }

        return state.DeadManArmed && state.Desired is null ? "an armed dead-man needs the command it guards" : null;
    }

    /// <summary>The emulator's whole state now; <see cref="Restore"/> carries on from it.</summary>
    public McuEmulatorSnapshot Capture() => new()
    {
        ResetReason = _options.ResetReason,
        UptimeMs = _uptimeMs,
        NextStatusAtMs = _nextStatusAtMs,
        StatusSeq = _statusSeq,
        LinkId = _linkId,
        HelloRequestId = _helloRequestId,
        LastAppliedCmdSeq = _lastAppliedSeq,
        Desired = _desired is { } desired ? McuCommandSnapshot.From(desired) : null,
        DeadManArmed = _deadManArmed,
        LastAppliedAtMs = _lastAppliedAtMs,
        HostSilentActive = _hostSilentActive,
        LastClearRequestId = _lastClearRequestId,
        LastClearCleared = _lastClearResult.Cleared,
        LastClearStillLatched = _lastClearResult.StillLatched,
        Latched = Latched,
        Active = Active,
        FirstFault = _firstFault,
        FirstFaultAtMs = _firstFaultAtMs,
        TripCount = _tripCount,
        OverCooling = _overCooling.State,
        SupplyRange = _supplyRange.State,
        ReturnRange = _returnRange.State,
        ReservoirEmpty = _reservoirEmpty.State,
        Drive = Drive,
    };

    /// <summary>
    /// Lets <paramref name="elapsed"/> pass with nothing to do, without running each control period: the
    /// uptime and the STATUS schedule move on (the frames go nowhere: nobody listens). Only for an MCU whose outputs
    /// are safe because its dead-man is disarmed (expired, or never armed), while its plant coasts and its
    /// conditions do not change; the caller samples normally afterwards so the debounce catches up.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dead-man is armed: the MCU might still be cooling.</exception>
    internal void Idle(TimeSpan elapsed)
    {
        if (_deadManArmed)
        {
            throw new InvalidOperationException("An MCU whose dead-man is armed cannot idle: it may still be cooling.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        var total = (long)Math.Floor(elapsed.TotalMilliseconds);
        var period = (long)_options.StatusPeriodMs;

        // The STATUS frames it would have sent meanwhile (heard by nobody), so its sequence goes on as if it had.
        var untilNext = (long)unchecked((int)(_nextStatusAtMs - _uptimeMs));
        var sent = total >= untilNext ? ((total - untilNext) / period) + 1 : 0;
        _nextStatusAtMs = unchecked(_nextStatusAtMs + (uint)(sent * period));
        _statusSeq = unchecked((ushort)(_statusSeq + sent));
        _uptimeMs = unchecked(_uptimeMs + (uint)total);
        Drive = McuDrive.Safe(Drive.Fan);
    }

    /// <summary>Bytes from the host, decoded and acted on at the current uptime.</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        while (_decoder.TryDecode(ref bytes, out var frame))
        {
            Handle(frame.Type, frame.Payload);
        }
    }

    /// <summary>Runs the MCU's timer for <paramref name="milliseconds"/> of device time.</summary>
    public void Advance(uint milliseconds)
    {
        while (milliseconds > 0)
        {
            var step = Math.Min(milliseconds, _options.ControlPeriodMs);
            _plant.Drive(Drive, step);
            _uptimeMs += step;
            milliseconds -= step;
            // Unsigned subtraction, so that the 32-bit uptime's wrap after 49.7 days does not stop STATUS.
            var statusDue = unchecked((int)(_uptimeMs - _nextStatusAtMs)) >= 0;
            ControlStep(sampleSensors: statusDue);
            if (statusDue)
            {
                SendStatus();
                _nextStatusAtMs += _options.StatusPeriodMs;
            }
        }
    }

    // safety.md, "The safe state": sample, debounce, latch, dead-man, then outputs.
    private void ControlStep(bool sampleSensors)
    {
        if (sampleSensors)
        {
            _readings = _plant.Sample();
            UpdateConditions(_readings);
        }

        if (_deadManArmed && _uptimeMs - _lastAppliedAtMs >= _options.MaxDurationMs)
        {
            _deadManArmed = false;
            _hostSilentActive = true;
            Active |= McuFaults.HostSilent;
            Event?.Invoke(new DeadManExpired(_uptimeMs, _lastAppliedAtMs));
        }

        var newlyActive = Active & ~Latched;
        if (newlyActive != McuFaults.None)
        {
            Latch(newlyActive);
        }

        Drive = ComputeDrive();
        // The outputs take effect now, within this period: the STATUS sent next shows them as driven.
        _plant.Drive(Drive, 0);
    }

    private void UpdateConditions(in McuSensorReadings r)
    {
        var active = McuFaults.None;
        var supplyKnown = r.SupplyCc != ProtocolConstants.TemperatureNotAvailable;
        if (_overCooling.Update(supplyKnown && r.SupplyCc < TripOverCoolingCc))
        {
            active |= McuFaults.OverCooling;
        }

        if (_supplyRange.Update(OutOfRange(r.SupplyCc)))
        {
            active |= McuFaults.SupplySensorRange;
        }

        var returnBad = OutOfRange(r.ReturnCc)
            || ((_options.Capabilities & Capabilities.ReturnPerChannel) != 0 && (OutOfRange(r.ReturnACc) || OutOfRange(r.ReturnBCc)));
        if (_returnRange.Update(returnBad))
        {
            active |= McuFaults.ReturnSensorRange;
        }

        if (_reservoirEmpty.Update((_options.Capabilities & Capabilities.ReservoirLevel) != 0 && r.Reservoir == ReservoirLevel.Empty))
        {
            active |= McuFaults.ReservoirEmpty;
        }

        if (r.CompressorDriveFault)
        {
            active |= McuFaults.CompressorFault;
        }

        if (r.PumpDriveFault)
        {
            active |= McuFaults.PumpFault;
        }

        if (r.BrownOut)
        {
            active |= McuFaults.BrownOut;
        }

        if (_hostSilentActive)
        {
            active |= McuFaults.HostSilent;
        }

        Active = active;
    }

    private static bool OutOfRange(short cc) => cc == ProtocolConstants.TemperatureNotAvailable || cc < RangeLowCc || cc > RangeHighCc;

    private void Latch(McuFaults bits)
    {
        if (Latched == McuFaults.None)
        {
            _firstFault = bits;
            _firstFaultAtMs = _uptimeMs;
        }

        _tripCount = (ushort)Math.Min(ushort.MaxValue, _tripCount + BitOperations.PopCount((uint)bits));
        Latched |= bits;
        // Clearing a latch must never restart anything by itself.
        _desired = null;
        Event?.Invoke(new FaultsLatched(_uptimeMs, bits));
    }

    private McuDrive ComputeDrive()
    {
        if (_desired is not { } desired)
        {
            return McuDrive.Safe(fan: false);
        }

        var fan = (desired.Outputs & Outputs.Fan) != 0;
        if (_linkId == 0 || desired.Mode == CoolingMode.Safe || Latched != McuFaults.None || !_deadManArmed)
        {
            return McuDrive.Safe(fan);
        }

        return new McuDrive(desired.CompressorPct, (desired.Outputs & Outputs.Pump) != 0, (desired.Outputs & Outputs.ValveA) != 0, (desired.Outputs & Outputs.ValveB) != 0, fan);
    }

    private void Handle(MessageType type, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case MessageType.Hello:
                HandleHello(payload);
                break;
            case MessageType.SetState:
                HandleSetState(payload);
                break;
            case MessageType.ClearLatch:
                HandleClearLatch(payload);
                break;
            case MessageType.GetFaultReport:
                HandleGetFaultReport(payload);
                break;
            case MessageType.GetVersions:
                HandleGetVersions(payload);
                break;
            default:
                // An MCU-to-host frame heard on our own receive line (a loop-back): never acted on.
                break;
        }
    }

    private void HandleHello(ReadOnlySpan<byte> payload)
    {
        // HELLO's layout is frozen across versions: read the version before judging the rest.
        var requestId = payload.Length >= 6 ? BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]) : (ushort)0;
        if (payload.Length >= 2 && !_options.SupportedVersions.Contains(BinaryPrimitives.ReadUInt16LittleEndian(payload)))
        {
            Refuse(MessageType.Hello, requestId, ErrorCode.UnsupportedVersion);
            return;
        }

        if (!Hello.TryRead(payload, out var hello))
        {
            Refuse(MessageType.Hello, requestId, ErrorCode.OutOfRange);
            return;
        }

        var retry = hello.LinkId == _linkId && hello.RequestId == _helloRequestId;
        if (!retry)
        {
            _linkId = hello.LinkId;
            _helloRequestId = hello.RequestId;
            _lastAppliedSeq = 0;
            _desired = null;
            _deadManArmed = false;
            _hostSilentActive = false;
            _lastClearRequestId = 0;
            Event?.Invoke(new LinkOpened(_uptimeMs, _linkId));
        }

        Send(new HelloAck(_options.ProtoVersion, hello.LinkId, hello.RequestId, _options.FwMajor, _options.FwMinor, _options.FwPatch,
            _options.Capabilities, _options.Serial, _options.ResetReason, _options.MaxDurationMs, Latched));
    }

    private void HandleSetState(ReadOnlySpan<byte> payload)
    {
        if (!SetState.TryRead(payload, out var command))
        {
            Refuse(MessageType.SetState, 0, ErrorCode.OutOfRange);
            return;
        }

        if (!CheckLink(MessageType.SetState, command.LinkId, 0))
        {
            return;
        }

        if (command.CmdSeq <= _lastAppliedSeq)
        {
            // A duplicate or an older command: ignored, unanswered, and it does not feed the dead-man.
            return;
        }

        if (command.Mode == CoolingMode.Cool && Latched != McuFaults.None)
        {
            Refuse(MessageType.SetState, 0, ErrorCode.Latched);
            return;
        }

        _lastAppliedSeq = command.CmdSeq;
        _desired = command;
        _deadManArmed = true;
        _lastAppliedAtMs = _uptimeMs;
        _hostSilentActive = false;
        Active &= ~McuFaults.HostSilent;
        Drive = ComputeDrive();
        Event?.Invoke(new CommandApplied(_uptimeMs, command));
    }

    private void HandleClearLatch(ReadOnlySpan<byte> payload)
    {
        if (!ClearLatch.TryRead(payload, out var clear))
        {
            Refuse(MessageType.ClearLatch, payload.Length >= 4 ? BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]) : (ushort)0, ErrorCode.OutOfRange);
            return;
        }

        if (!CheckLink(MessageType.ClearLatch, clear.LinkId, clear.RequestId))
        {
            return;
        }

        if (clear.RequestId == _lastClearRequestId)
        {
            // A retry whose first try arrived: the same answer, nothing more cleared.
            Send(_lastClearResult);
            return;
        }

        var clearable = clear.FaultMask & Latched & ~Active;
        if (!clear.ByPerson)
        {
            clearable &= McuFaults.HostSilent;
        }

        Latched &= ~clearable;
        _lastClearRequestId = clear.RequestId;
        _lastClearResult = new ClearLatchResult(clear.RequestId, clearable, Latched);
        if (clearable != McuFaults.None)
        {
            Event?.Invoke(new LatchesCleared(_uptimeMs, clearable, clear.ByPerson));
        }

        Send(_lastClearResult);
    }

    private void HandleGetFaultReport(ReadOnlySpan<byte> payload)
    {
        if (!GetFaultReport.TryRead(payload, out var request))
        {
            Refuse(MessageType.GetFaultReport, payload.Length >= 4 ? BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]) : (ushort)0, ErrorCode.OutOfRange);
            return;
        }

        if (CheckLink(MessageType.GetFaultReport, request.LinkId, request.RequestId))
        {
            Send(new FaultReport(request.RequestId, Latched, _firstFault, _firstFaultAtMs, _tripCount));
        }
    }

    // protocol.md, "0x10 GET_VERSIONS": answered with or without a link, never refused; changes nothing.
    private void HandleGetVersions(ReadOnlySpan<byte> payload)
    {
        if (!GetVersions.TryRead(payload, out var request))
        {
            return;
        }

        Send(new Versions(request.RequestId, _options.SupportedVersions.Min(), _options.SupportedVersions.Max()));
    }

    private bool CheckLink(MessageType type, ushort linkId, ushort requestId)
    {
        if (_linkId == 0)
        {
            Refuse(type, requestId, ErrorCode.NoLink);
            return false;
        }

        if (linkId != _linkId)
        {
            Refuse(type, requestId, ErrorCode.WrongLink);
            return false;
        }

        return true;
    }

    private void Refuse(MessageType type, ushort requestId, ErrorCode code)
    {
        Event?.Invoke(new FrameRefused(_uptimeMs, type, code));
        Send(new Error(type, requestId, code));
    }

    private void SendStatus()
    {
        var r = _readings;
        var outputs = Outputs.None;
        var drive = Drive;
        if (drive.Pump)
        {
            outputs |= Outputs.Pump;
        }

        if (drive.ValveA)
        {
            outputs |= Outputs.ValveA;
        }

        if (drive.ValveB)
        {
            outputs |= Outputs.ValveB;
        }

        if (drive.Fan)
        {
            outputs |= Outputs.Fan;
        }

        // Measured speed, read after this period's outputs were set (a stop is immediate at the drive).
        var compressorPct = _plant.CompressorSpeedPct;
        if (compressorPct > 0)
        {
            outputs |= Outputs.CompressorRunning;
        }

        // Per-channel return sensors not fitted: "no reading or not fitted" (firmware-protocol/protocol.md, STATUS).
        var perChannelReturn = (_options.Capabilities & Capabilities.ReturnPerChannel) != 0;
        var returnACc = perChannelReturn ? r.ReturnACc : ProtocolConstants.TemperatureNotAvailable;
        var returnBCc = perChannelReturn ? r.ReturnBCc : ProtocolConstants.TemperatureNotAvailable;
        Send(new Status(_statusSeq++, _uptimeMs, _linkId, _lastAppliedSeq, r.SupplyCc, r.ReturnCc, returnACc, returnBCc,
            r.FlowAClpm, r.FlowBClpm, r.Reservoir, compressorPct, outputs, Active, Latched));
    }

    private void Send<T>(in T message)
        where T : struct, IMessage
    {
        var length = FrameEncoder.Encode(message, _tx);
        if (_bootDelimiterDue)
        {
            _bootDelimiterDue = false;
            _transmit(BootDelimiter);
        }

        _transmit(_tx.AsSpan(0, length));
    }
}
