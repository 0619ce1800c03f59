using System.Device.Gpio;
using Paxman.Edge.Core.Board;

namespace Paxman.Edge.Hardware.Board;

/// <summary>
/// The engine's board I/O over a <see cref="GpioController"/> the caller builds and owns
/// (<c>new GpioController(new LibGpiodDriver(chip))</c> on the board, <c>new GpioController(new SimulatedBoardDriver())</c>
/// in the simulator). Opens every line of <see cref="BoardPins"/>, reads the inputs once per tick, debounced and in their
/// meaning, and drives the outputs. Engine thread only: not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Outputs are opened first, each straight to its safe level as the direction changes
/// (<see cref="GpioController.OpenPin(int, PinMode, PinValue)"/>): cooling-enable Low, buzzer Low, beacon red only,
/// McuReset High. Opening them without the initial value would drive McuReset Low for a moment and reset the MCU.
/// </para>
/// <para>
/// Inputs are opened with the internal bias matching the board's external resistor (pull-up on the caps and STOP,
/// pull-down on the MCU fault line, <see cref="BoardPins.IsPulledDown"/>) when the driver supports it on every input
/// line, otherwise as plain <see cref="PinMode.Input"/> (see <see cref="InputMode"/>). The external resistors make
/// plain Input read correctly; the internal bias is a second line of defence that keeps a broken wire at its safe
/// level even if an external resistor is missing.
/// </para>
/// <para>
/// Debounce, per input, in ticks: the first <see cref="Read"/> takes its sample as it is (until then
/// <see cref="Inputs"/> is <see cref="BoardInputs.Safe"/>); after that a change is accepted on the
/// <see cref="DebounceTicks"/>-th consecutive tick that samples it, and a shorter glitch is ignored.
/// </para>
/// <para>
/// Outputs are written with <see cref="GpioController.Write(int, PinValue)"/>, which in System.Device.Gpio 4.2.0
/// silently drops a write to a line whose mode is not Output; every output is opened as Output, so this does not
/// arise here, but it is why a mistaken write to an input line does not throw through that overload.
/// </para>
/// </remarks>
public sealed class BoardIo : IDisposable
{
    /// <summary>Consecutive equal samples that accept a change: 2 ticks, 200 ms at 10 Hz.</summary>
    public const int DefaultDebounceTicks = 2;

    // The four debounced inputs, then the two readbacks of the board's own outputs, taken as sampled: they follow what
    // this process drove on the last tick, and a debounce would hide the buzzer's pulses.
    private static readonly int[] InputPins =
        [BoardPins.CapSwitchA, BoardPins.CapSwitchB, BoardPins.StopButton, BoardPins.McuFault, BoardPins.CoolingEnableReadback, BoardPins.BuzzerSense];
    private static readonly int[] Lamps = [BoardPins.BeaconGreen, BoardPins.BeaconAmber, BoardPins.BeaconRed];

    private readonly GpioController _controller;
    private readonly PinValuePair[] _samples = new PinValuePair[InputPins.Length];
    private readonly InputDebounce[] _debounce = new InputDebounce[InputPins.Length];
    private readonly List<int> _opened = [];
    private bool _sampled;
    private bool _disposed;

    /// <summary>Opens every board line and drives the outputs to their safe levels.</summary>
    /// <param name="controller">The board's GPIO chip; not disposed by this object.</param>
    /// <param name="debounceTicks">Consecutive equal samples that accept a change of an input (1 = no debounce).</param>
    /// <param name="time">
    /// The clock the engine ticks on, which times the MCU reset pulse (<see cref="GpioMcuResetLine.MinimumWidth"/>):
    /// the system clock when null; in Simulated mode pass the device clock.
    /// </param>
    /// <param name="resetPulseWidth">The reset pulse's minimum width; <see cref="GpioMcuResetLine.DefaultMinimumWidth"/> (100 ms) when null.</param>
    /// <exception cref="InvalidOperationException">A line could not be opened (lines opened before it are closed again).</exception>
    public BoardIo(GpioController controller, int debounceTicks = DefaultDebounceTicks, TimeProvider? time = null, TimeSpan? resetPulseWidth = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounceTicks, 1);
        var width = resetPulseWidth ?? GpioMcuResetLine.DefaultMinimumWidth;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero, nameof(resetPulseWidth));
        _controller = controller;
        DebounceTicks = debounceTicks;
        InputMode = InputPins.All(pin => controller.IsPinModeSupported(pin, Biased(pin))) ? PinMode.InputPullUp : PinMode.Input;
        ResetLine = new GpioMcuResetLine(controller, BoardPins.McuReset, time ?? TimeProvider.System, width);

        try
        {
            var safe = BoardOutputs.Safe;
            foreach (var pin in BoardPins.Outputs)
            {
                Open(pin, PinMode.Output, Level(safe, pin));
            }

            foreach (var pin in InputPins)
            {
                Open(pin, InputMode == PinMode.Input ? PinMode.Input : Biased(pin), initialValue: null);
            }

            Outputs = safe;
        }
        catch
        {
            ClosePins();
            throw;
        }
    }

    /// <summary>
    /// The mode the pulled-up inputs were opened in: InputPullUp (the MCU fault line then InputPullDown), or Input
    /// for every input where the driver has no bias.
    /// </summary>
    public PinMode InputMode { get; }

    private static PinMode Biased(int pin) => BoardPins.IsPulledDown(pin) ? PinMode.InputPullDown : PinMode.InputPullUp;

    /// <summary>Consecutive equal samples that accept a change.</summary>
    public int DebounceTicks { get; }

    /// <summary>The debounced inputs of the last <see cref="Read"/>; <see cref="BoardInputs.Safe"/> before the first.</summary>
    public BoardInputs Inputs { get; private set; } = BoardInputs.Safe;

    /// <summary>What the outputs are driven to now.</summary>
    public BoardOutputs Outputs { get; private set; }

    /// <summary>The MCU reset line, for the MCU link; a pulse ends at the first <see cref="Read"/> after its minimum width.</summary>
    public GpioMcuResetLine ResetLine { get; }

    /// <summary>
    /// Once per engine tick: ends a reset pulse that has lasted its minimum width, samples every input in one read and returns
    /// the debounced inputs in their meaning.
    /// </summary>
    public BoardInputs Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResetLine.Service();

        for (var i = 0; i < InputPins.Length; i++)
        {
            _samples[i] = new PinValuePair(InputPins[i], PinValue.Low);
        }

        _controller.Read(_samples);
        for (var i = 0; i < InputPins.Length; i++)
        {
            var meaning = Meaning(InputPins[i], _samples[i].PinValue);
            if (_sampled)
            {
                _debounce[i].Sample(meaning, DebounceTicks);
            }
            else
            {
                _debounce[i] = new InputDebounce(meaning);
            }
        }

        _sampled = true;
        Inputs = new BoardInputs(
            CapA: _debounce[0].Accepted,
            CapB: _debounce[1].Accepted,
            StopPressed: _debounce[2].Accepted,
            McuFault: _debounce[3].Accepted,
            RelayClosed: Meaning(BoardPins.CoolingEnableReadback, _samples[4].PinValue),
            BuzzerSounding: Meaning(BoardPins.BuzzerSense, _samples[5].PinValue));
        return Inputs;
    }

    /// <summary>Drives the outputs, writing only the lines whose level changes; cooling-enable first, lamps off before on.</summary>
    public void Write(BoardOutputs outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Drive(outputs);
    }

    /// <summary>Releases the MCU from reset, drives the outputs safe and closes every line (the controller stays open).</summary>
    /// <summary>
    /// The process holding the lines dies (the scenario runner's host restart): the lines are let go as they are, without
    /// being driven safe first; it is the MCU's dead-man that stops the chiller then.
    /// </summary>
    public void Abandon()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ResetLine.Closed = true;
        ClosePins();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            ResetLine.Release();
            Drive(BoardOutputs.Safe);
        }
        finally
        {
            ResetLine.Closed = true;
            ClosePins();
        }
    }

    private static PinValue Level(BoardOutputs outputs, int pin) => pin switch
    {
        BoardPins.CoolingEnable => outputs.CoolingEnable,
        BoardPins.Buzzer => outputs.Buzzer,
        BoardPins.BeaconGreen => outputs.Beacon == Beacon.Green,
        BoardPins.BeaconAmber => outputs.Beacon == Beacon.Amber,
        BoardPins.BeaconRed => outputs.Beacon == Beacon.Red,
        BoardPins.McuReset => PinValue.High,
        _ => throw new ArgumentOutOfRangeException(nameof(pin), pin, "not a board output"),
    };

    private static bool Meaning(int pin, PinValue level) => pin switch
    {
        BoardPins.CapSwitchA or BoardPins.CapSwitchB => level == PinValue.Low,
        BoardPins.StopButton => level == PinValue.High,
        BoardPins.McuFault => level == PinValue.Low,
        BoardPins.CoolingEnableReadback or BoardPins.BuzzerSense => level == PinValue.High,
        _ => throw new ArgumentOutOfRangeException(nameof(pin), pin, "not a board input"),
    };

    private void Drive(BoardOutputs outputs)
    {
        var current = Outputs;
        DriveIfChanged(BoardPins.CoolingEnable, current, outputs);
        DriveIfChanged(BoardPins.Buzzer, current, outputs);

        // Lamps going dark first, then the one lighting: never two colours at once.
        foreach (var pin in Lamps)
        {
            if (Level(outputs, pin) == PinValue.Low)
            {
                DriveIfChanged(pin, current, outputs);
            }
        }

        foreach (var pin in Lamps)
        {
            if (Level(outputs, pin) == PinValue.High)
            {
                DriveIfChanged(pin, current, outputs);
            }
        }

        Outputs = outputs;
    }

    private void DriveIfChanged(int pin, BoardOutputs current, BoardOutputs desired)
    {
        var level = Level(desired, pin);
        if (level != Level(current, pin))
        {
            _controller.Write(pin, level);
        }
    }

    private void Open(int pin, PinMode mode, PinValue? initialValue)
    {
        if (initialValue is { } value)
        {
            _controller.OpenPin(pin, mode, value);
        }
        else
        {
            _controller.OpenPin(pin, mode);
        }

        _opened.Add(pin);
    }

    private void ClosePins()
    {
        foreach (var pin in _opened)
        {
            _controller.ClosePin(pin);
        }

        _opened.Clear();
    }

    private struct InputDebounce(bool first)
    {
        private int _run;

        public bool Accepted { get; private set; } = first;

        public void Sample(bool meaning, int ticks)
        {
            if (meaning == Accepted)
            {
                _run = 0;
                return;
            }

            if (++_run >= ticks)
            {
                Accepted = meaning;
                _run = 0;
            }
        }
    }
}
