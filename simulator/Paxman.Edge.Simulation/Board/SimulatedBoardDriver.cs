using System.Device;
using System.Device.Gpio;
using Paxman.Edge.Core.Board;

namespace Paxman.Edge.Simulation.Board;

/// <summary>
/// The board's GPIO chip with its wiring (<see cref="BoardPins"/>), as the lowest seam under a real
/// <see cref="GpioController"/>: <c>new GpioController(new SimulatedBoardDriver())</c>.
/// </summary>
/// <remarks>
/// <para>
/// Inputs: the simulation sets the physical world (a cap plugged in, STOP pressed, the MCU holding a fault, a broken
/// wire) and the driver turns it into line levels through the board's external resistors: a cap's contact to ground
/// reads Low when connected; STOP's normally-closed contact to ground reads High when pressed; the MCU drives its
/// fault line High while healthy, and the line's pull-down makes it Low while faulted. A broken wire floats to its
/// resistor: High on the pulled-up caps and STOP, Low on the MCU fault line, so every broken wire reads as the safe
/// meaning (cap unplugged, STOP pressed, MCU faulted).
/// </para>
/// <para>
/// Outputs: a line drives its level while in <see cref="PinMode.Output"/>. Before it was ever configured the line is
/// undriven and reads what the board's resistors give it: McuReset High (the MCU's reset pull-up), every other output
/// Low (cooling-enable is Low at boot). Closing a line leaves it as it was, as Linux does when a line request is
/// released, so whatever the host drove last stays on the wire. Switching a line to Output without an initial value
/// drives it Low (libgpiod's default), so an open that does not pass the initial value glitches McuReset Low and the
/// simulation sees an MCU reset.
/// </para>
/// <para>
/// Like the kernel: opening a line the board does not wire, writing an input line, or asking a line for a mode its
/// wiring does not allow throws <see cref="InvalidOperationException"/>. Value-changed callbacks and
/// <c>WaitForEvent</c> see the edges of input lines (libgpiod delivers no events for output lines).
/// </para>
/// <para>
/// Thread-safe: the simulation may change inputs from one thread while the engine reads on another. Callbacks and
/// <see cref="McuResetPulsed"/> run on the thread that caused the edge, after the driver's lock is released. The
/// driver has no threads of its own.
/// </para>
/// </remarks>
public sealed class SimulatedBoardDriver : GpioDriver
{
    /// <summary>Lines on the simulated chip (0..27, as a 28-line SoC bank); only the lines in <see cref="BoardPins"/> are wired.</summary>
    public const int ChipLines = 28;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, Line> _lines = [];
    private readonly List<Waiter> _waiters = [];
    private readonly bool _pullUpSupported;

    private bool _capA;
    private bool _capB;
    private bool _stopPressed;
    private bool _relayWelded;
    private bool _buzzerOpen;
    private bool _mcuFault;
    private int _mcuResetPulses;
    private long _outputWrites;
    private bool _disposed;

    /// <summary>A board with both caps unplugged, STOP released, no MCU fault and every wire whole.</summary>
    /// <param name="pullUpSupported">
    /// Whether the chip offers <see cref="PinMode.InputPullUp"/> on its inputs (a kernel and libgpiod with bias
    /// support). Without it inputs accept only <see cref="PinMode.Input"/>; the board's external pull-ups still work.
    /// </param>
    public SimulatedBoardDriver(bool pullUpSupported = true)
    {
        _pullUpSupported = pullUpSupported;
        foreach (var pin in BoardPins.Inputs)
        {
            _lines.Add(pin, new Line(pin, isInput: true, releasedLevel: BoardPins.IsPulledDown(pin) ? PinValue.Low : PinValue.High));
        }

        foreach (var pin in BoardPins.Outputs)
        {
            _lines.Add(pin, new Line(pin, isInput: false, releasedLevel: pin == BoardPins.McuReset ? PinValue.High : PinValue.Low));
        }
    }

    /// <summary>Raised when the host releases the MCU reset line (Low to High): one complete reset pulse.</summary>
    public event Action? McuResetPulsed;

    /// <summary>Raised after every write that reached an output line, with the line and the level written.</summary>
    public event Action<int, PinValue>? OutputWritten;

    /// <summary>Cooling-enable's level: true = High = the compressor may run.</summary>
    public bool CoolingEnable => IsHigh(BoardPins.CoolingEnable);

    /// <summary>The cooling-enable relay's contact, in series with the compressor drive: closed when driven, or welded.</summary>
    public bool RelayClosed => CoolingEnable || RelayWelded;

    /// <summary>The buzzer's level: true = High = driven.</summary>
    public bool Buzzer => IsHigh(BoardPins.Buzzer);

    /// <summary>The buzzer is driven and its piezo is whole: it sounds.</summary>
    public bool Audible => Buzzer && !BuzzerOpen;

    /// <summary><c>relay-welded</c>: the cooling-enable relay's contacts stay closed whatever is driven (its readback shows it).</summary>
    public bool RelayWelded
    {
        get
        {
            lock (_gate)
            {
                return _relayWelded;
            }
        }

        set
        {
            lock (_gate)
            {
                _relayWelded = value;
            }
        }
    }

    /// <summary><c>buzzer-open</c>: the piezo's circuit is open: driven, it neither sounds nor draws current.</summary>
    public bool BuzzerOpen
    {
        get
        {
            lock (_gate)
            {
                return _buzzerOpen;
            }
        }

        set
        {
            lock (_gate)
            {
                _buzzerOpen = value;
            }
        }
    }

    /// <summary>The green beacon lamp: true = lit.</summary>
    public bool BeaconGreen => IsHigh(BoardPins.BeaconGreen);

    /// <summary>The amber beacon lamp: true = lit.</summary>
    public bool BeaconAmber => IsHigh(BoardPins.BeaconAmber);

    /// <summary>The red beacon lamp: true = lit.</summary>
    public bool BeaconRed => IsHigh(BoardPins.BeaconRed);

    /// <summary>True while the MCU reset line is Low (the MCU held in reset).</summary>
    public bool McuResetHeld => !IsHigh(BoardPins.McuReset);

    /// <summary>Complete reset pulses seen (each counted when the line is released High).</summary>
    public int McuResetPulses
    {
        get
        {
            lock (_gate)
            {
                return _mcuResetPulses;
            }
        }
    }

    /// <summary>Writes that reached an output line (whether or not they changed its level).</summary>
    public long OutputWrites
    {
        get
        {
            lock (_gate)
            {
                return _outputWrites;
            }
        }
    }

    /// <summary>The level on a wired line now, as a scope on the board would see it.</summary>
    public PinValue Level(int pin)
    {
        lock (_gate)
        {
            return LevelOf(Wired(pin));
        }
    }

    /// <summary>Whether the host holds the line open.</summary>
    public bool IsOpen(int pin)
    {
        lock (_gate)
        {
            return Wired(pin).Open;
        }
    }

    /// <summary>The mode the line is in now.</summary>
    public PinMode ModeOf(int pin)
    {
        lock (_gate)
        {
            return Wired(pin).Mode;
        }
    }

    /// <summary>True while the STOP button is pressed.</summary>
    public bool StopPressed
    {
        get
        {
            lock (_gate)
            {
                return _stopPressed;
            }
        }
    }

    /// <summary>Whether the wire of input <paramref name="pin"/> is broken.</summary>
    public bool IsWireBroken(int pin)
    {
        lock (_gate)
        {
            return Wired(pin).Broken;
        }
    }

    /// <summary>The STOP button, broken wires and the output levels the host left; <see cref="Restore"/> puts them back.</summary>
    public BoardSnapshot Capture()
    {
        lock (_gate)
        {
            return new BoardSnapshot
            {
                StopPressed = _stopPressed,
                RelayWelded = _relayWelded,
                BuzzerOpen = _buzzerOpen,
                BrokenWires = [.. _lines.Values.Where(l => l.IsInput && l.Broken).Select(l => l.Pin).Order()],
                DrivenOutputs = [.. _lines.Values.Where(l => !l.IsInput && l.Mode == PinMode.Output).OrderBy(l => l.Pin)
                    .Select(l => new DrivenLine { Pin = l.Pin, High = l.OutputLevel == PinValue.High })],
            };
        }
    }

    /// <summary>Null when <paramref name="snapshot"/> fits this board's wiring, else what is wrong.</summary>
    public static string? Validate(BoardSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.BrokenWires is null || snapshot.DrivenOutputs is null)
        {
            return "the board's broken wires and driven outputs are missing";
        }

        if (snapshot.BrokenWires.FirstOrDefault(pin => !BoardPins.Inputs.Contains(pin), -1) is var wire and not -1)
        {
            return $"GPIO {wire} is not a board input, so its wire cannot be broken";
        }

        if (snapshot.DrivenOutputs.FirstOrDefault(line => line is null || !BoardPins.Outputs.Contains(line.Pin)) is { } bad)
        {
            return $"GPIO {bad.Pin} is not a board output";
        }

        return snapshot.DrivenOutputs.Any(line => line is null) ? "a driven output entry is empty" : null;
    }

    /// <summary>
    /// A board as a previous host left it (<see cref="Capture"/>): STOP and broken wires as saved, and each saved output
    /// line still driving its level with no host holding it open, until the next host opens it.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot does not fit the board's wiring.</exception>
    public static SimulatedBoardDriver Restore(BoardSnapshot snapshot, bool pullUpSupported = true)
    {
        if (Validate(snapshot) is { } problem)
        {
            throw new ArgumentException(problem, nameof(snapshot));
        }

        var board = new SimulatedBoardDriver(pullUpSupported)
        {
            _stopPressed = snapshot.StopPressed, _relayWelded = snapshot.RelayWelded, _buzzerOpen = snapshot.BuzzerOpen,
        };
        foreach (var pin in snapshot.BrokenWires)
        {
            board._lines[pin].Broken = true;
        }

        foreach (var driven in snapshot.DrivenOutputs)
        {
            var line = board._lines[driven.Pin];
            line.Mode = PinMode.Output;
            line.OutputLevel = driven.High ? PinValue.High : PinValue.Low;
        }

        return board;
    }

    /// <summary>Plugs (<paramref name="connected"/>) or unplugs cap <paramref name="channel"/> ('A' or 'B').</summary>
    public void SetCapConnected(char channel, bool connected)
    {
        var pin = channel switch
        {
            'A' => BoardPins.CapSwitchA,
            'B' => BoardPins.CapSwitchB,
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "the board has caps 'A' and 'B'"),
        };
        ChangeInput(pin, () =>
        {
            if (pin == BoardPins.CapSwitchA)
            {
                _capA = connected;
            }
            else
            {
                _capB = connected;
            }
        });
    }

    /// <summary>Presses or releases the STOP button.</summary>
    public void SetStopPressed(bool pressed) => ChangeInput(BoardPins.StopButton, () => _stopPressed = pressed);

    /// <summary>Makes the MCU hold (or drop) its fault line.</summary>
    public void SetMcuFault(bool fault) => ChangeInput(BoardPins.McuFault, () => _mcuFault = fault);

    /// <summary>Breaks (or mends) the wire of input <paramref name="pin"/>: a broken wire floats to its resistor (High, or Low on the MCU fault line).</summary>
    public void BreakWire(int pin, bool broken)
    {
        lock (_gate)
        {
            if (!Wired(pin).IsInput)
            {
                throw new ArgumentException($"GPIO {pin} is an output; only input wires can be broken in the simulation", nameof(pin));
            }
        }

        ChangeInput(pin, () => _lines[pin].Broken = broken);
    }

    protected override int PinCount => ChipLines;

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var line = Wired(pinNumber, "open");
            if (line.Open)
            {
                throw new InvalidOperationException($"GPIO {pinNumber} is already open (line busy)");
            }

            // Opening does not change the line's mode or level.
            line.Open = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            var line = Opened(pinNumber, "close");
            line.Open = false;
            line.Callbacks.Clear();
            CancelWaiters(pinNumber);
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            return _lines.TryGetValue(pinNumber, out var line) && Supports(line, mode);
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return Opened(pinNumber, "get the mode of").Mode;
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetMode(pinNumber, mode, initialValue: null);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue) => SetMode(pinNumber, mode, initialValue);

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return LevelOf(Opened(pinNumber, "read"));
        }
    }

    /// <summary>Samples every pair under one lock: a consistent snapshot of the lines.</summary>
    protected override void Read(Span<PinValuePair> pinValuePairs)
    {
        lock (_gate)
        {
            for (var i = 0; i < pinValuePairs.Length; i++)
            {
                var pin = pinValuePairs[i].PinNumber;
                pinValuePairs[i] = new PinValuePair(pin, LevelOf(Opened(pin, "read")));
            }
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        Action? notify;
        lock (_gate)
        {
            notify = Drive(pinNumber, value);
        }

        notify?.Invoke();
    }

    protected override void Write(ReadOnlySpan<PinValuePair> pinValuePairs)
    {
        Action? notify = null;
        lock (_gate)
        {
            foreach (var pair in pinValuePairs)
            {
                notify += Drive(pair.PinNumber, pair.PinValue);
            }
        }

        notify?.Invoke();
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var waiter = AddWaiter(pinNumber, eventTypes);
        try
        {
            waiter.Edge.Task.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = waiter.Edge.Task.Result, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return TimedOut(waiter);
        }
        catch (AggregateException e) when (e.InnerException is TaskCanceledException)
        {
            // The line was closed or the driver disposed while waiting.
            return TimedOut(waiter);
        }
    }

    protected override async ValueTask<WaitForEventResult> WaitForEventAsync(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var waiter = AddWaiter(pinNumber, eventTypes);
        try
        {
            var edge = await waiter.Edge.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new WaitForEventResult { EventTypes = edge, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return TimedOut(waiter);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            var line = EventLine(pinNumber, eventTypes);
            line.Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            var line = Opened(pinNumber, "remove a callback from");
            var index = line.Callbacks.FindLastIndex(c => c.Callback == callback);
            if (index >= 0)
            {
                line.Callbacks.RemoveAt(index);
            }
        }
    }

    public override GpioChipInfo GetChipInfo() => new(0, "paxman-sim", "Paxman Edge simulated board GPIO", ChipLines);

    public override ComponentInformation QueryComponentInformation() =>
        new(this, "Paxman Edge simulated board GPIO (wiring of BoardPins)");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                foreach (var line in _lines.Values)
                {
                    line.Callbacks.Clear();
                }

                foreach (var waiter in _waiters)
                {
                    waiter.Edge.TrySetCanceled();
                }

                _waiters.Clear();
            }
        }

        base.Dispose(disposing);
    }

    private void SetMode(int pinNumber, PinMode mode, PinValue? initialValue)
    {
        Action? notify;
        lock (_gate)
        {
            ThrowIfDisposed();
            var line = Opened(pinNumber, "set the mode of");
            if (!Supports(line, mode))
            {
                throw new InvalidOperationException(line.IsInput
                    ? $"GPIO {pinNumber} is a board input; it accepts Input or {(BoardPins.IsPulledDown(pinNumber) ? "InputPullDown" : "InputPullUp")}{(_pullUpSupported ? string.Empty : " (not supported by this chip)")}, not {mode}"
                    : $"GPIO {pinNumber} is a board output; it accepts Output, not {mode}");
            }

            var before = LevelOf(line);
            if (mode == PinMode.Output)
            {
                // The initial value goes on the wire as the direction changes, so the line does not glitch.
                line.OutputLevel = initialValue ?? PinValue.Low;
            }

            line.Mode = mode;
            notify = OutputEdge(line, before);
        }

        notify?.Invoke();
    }

    private Action? Drive(int pinNumber, PinValue value)
    {
        ThrowIfDisposed();
        var line = Opened(pinNumber, "write");
        if (line.IsInput)
        {
            throw new InvalidOperationException($"GPIO {pinNumber} is a board input (requested as {line.Mode}); an input line cannot be written");
        }

        if (line.Mode != PinMode.Output)
        {
            throw new InvalidOperationException($"GPIO {pinNumber} is not configured as Output (it is {line.Mode}); set its mode before writing");
        }

        var before = LevelOf(line);
        line.OutputLevel = value;
        _outputWrites++;
        var written = OutputWritten;
        Action? notify = written is null ? null : () => written(pinNumber, value);
        return notify + OutputEdge(line, before);
    }

    private Action? OutputEdge(Line line, PinValue before)
    {
        if (line.Pin != BoardPins.McuReset || LevelOf(line) == before || before == PinValue.High)
        {
            return null;
        }

        // Released: Low to High ends one reset pulse.
        _mcuResetPulses++;
        return McuResetPulsed;
    }

    private void ChangeInput(int pin, Action change)
    {
        List<(PinChangeEventHandler Callback, PinEventTypes Edge)>? callbacks = null;
        lock (_gate)
        {
            var line = _lines[pin];
            var before = LevelOf(line);
            change();
            var after = LevelOf(line);
            if (after == before || !line.Open)
            {
                return;
            }

            var edge = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            foreach (var (types, callback) in line.Callbacks)
            {
                if ((types & edge) != 0)
                {
                    (callbacks ??= []).Add((callback, edge));
                }
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Pin == pin && (waiter.Types & edge) != 0)
                {
                    _waiters.RemoveAt(i);
                    waiter.Edge.TrySetResult(edge);
                }
            }
        }

        if (callbacks is not null)
        {
            foreach (var (callback, edge) in callbacks)
            {
                callback(this, new PinValueChangedEventArgs(edge, pin));
            }
        }
    }

    private Waiter AddWaiter(int pinNumber, PinEventTypes eventTypes)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            EventLine(pinNumber, eventTypes);
            var waiter = new Waiter(pinNumber, eventTypes);
            _waiters.Add(waiter);
            return waiter;
        }
    }

    private WaitForEventResult TimedOut(Waiter waiter)
    {
        lock (_gate)
        {
            _waiters.Remove(waiter);
        }

        return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
    }

    private void CancelWaiters(int pin)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Pin == pin)
            {
                _waiters[i].Edge.TrySetCanceled();
                _waiters.RemoveAt(i);
            }
        }
    }

    private Line EventLine(int pinNumber, PinEventTypes eventTypes)
    {
        ThrowIfDisposed();
        var line = Opened(pinNumber, "watch");
        if (!line.IsInput)
        {
            throw new InvalidOperationException($"GPIO {pinNumber} is a board output; edge events are only delivered for input lines");
        }

        if ((eventTypes & (PinEventTypes.Rising | PinEventTypes.Falling)) == 0)
        {
            throw new ArgumentException("ask for Rising, Falling or both", nameof(eventTypes));
        }

        return line;
    }

    private bool Supports(Line line, PinMode mode) => line.IsInput
        ? mode == PinMode.Input || (mode == (BoardPins.IsPulledDown(line.Pin) ? PinMode.InputPullDown : PinMode.InputPullUp) && _pullUpSupported)
        : mode == PinMode.Output;

    private PinValue LevelOf(Line line)
    {
        if (!line.IsInput)
        {
            return line.Mode == PinMode.Output ? line.OutputLevel : line.ReleasedLevel;
        }

        if (line.Broken)
        {
            // A broken wire floats to the line's resistor.
            return BoardPins.IsPulledDown(line.Pin) ? PinValue.Low : PinValue.High;
        }

        if (line.Pin == BoardPins.CoolingEnableReadback)
        {
            return Driven(BoardPins.CoolingEnable) || _relayWelded ? PinValue.High : PinValue.Low;
        }

        if (line.Pin == BoardPins.BuzzerSense)
        {
            return Driven(BoardPins.Buzzer) && !_buzzerOpen ? PinValue.High : PinValue.Low;
        }

        var low = line.Pin switch
        {
            BoardPins.CapSwitchA => _capA,
            BoardPins.CapSwitchB => _capB,
            BoardPins.StopButton => !_stopPressed,
            BoardPins.McuFault => _mcuFault,
            _ => false,
        };
        return low ? PinValue.Low : PinValue.High;
    }

    private bool Driven(int output) => LevelOf(_lines[output]) == PinValue.High;

    private bool IsHigh(int pin)
    {
        lock (_gate)
        {
            return LevelOf(_lines[pin]) == PinValue.High;
        }
    }

    private Line Wired(int pin, string action = "use")
    {
        if (_lines.TryGetValue(pin, out var line))
        {
            return line;
        }

        throw new InvalidOperationException(pin is >= 0 and < ChipLines
            ? $"cannot {action} GPIO {pin}: the board does not wire that line (see BoardPins)"
            : $"cannot {action} GPIO {pin}: the chip has lines 0..{ChipLines - 1}");
    }

    private Line Opened(int pin, string action)
    {
        var line = Wired(pin, action);
        return line.Open ? line : throw new InvalidOperationException($"cannot {action} GPIO {pin}: the line is not open");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed class Line(int pin, bool isInput, PinValue releasedLevel)
    {
        public int Pin { get; } = pin;

        public bool IsInput { get; } = isInput;

        /// <summary>What an undriven output reads (the board's resistors).</summary>
        public PinValue ReleasedLevel { get; } = releasedLevel;

        public bool Open { get; set; }

        /// <summary>Every line comes up from reset as an undriven input.</summary>
        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue OutputLevel { get; set; } = PinValue.Low;

        public bool Broken { get; set; }

        public List<(PinEventTypes Types, PinChangeEventHandler Callback)> Callbacks { get; } = [];
    }

    private sealed class Waiter(int pin, PinEventTypes types)
    {
        public int Pin { get; } = pin;

        public PinEventTypes Types { get; } = types;

        public TaskCompletionSource<PinEventTypes> Edge { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
