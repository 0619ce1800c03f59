using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Simulation.Board;

namespace Paxman.Edge.Hardware.Tests.Board;

/// <summary>
/// BoardIo over a real <see cref="GpioController"/> on the simulated board's GPIO chip: meanings, debounce, broken
/// wires, output levels, safe levels at open and dispose, and the MCU reset pulse, as the wiring sees them.
/// </summary>
public sealed class BoardIoTests : IDisposable
{
    private readonly SimulatedBoardDriver _board = new();
    private readonly GpioController _gpio;

    public BoardIoTests()
    {
        _gpio = new GpioController(_board);
    }

    public void Dispose() => _gpio.Dispose();

    [Fact]
    public void Inputs_BeforeTheFirstRead_AreSafe()
    {
        _board.SetCapConnected('A', true);
        _board.SetCapConnected('B', true);
        using var io = new BoardIo(_gpio);

        Assert.Equal(BoardInputs.Safe, io.Inputs);
    }

    [Fact]
    public void Read_FirstSample_IsTakenAsItIs()
    {
        _board.SetCapConnected('A', true);
        using var io = new BoardIo(_gpio, debounceTicks: 3);

        var inputs = io.Read();

        Assert.Equal(new BoardInputs(CapA: true, CapB: false, StopPressed: false, McuFault: false), inputs);
        Assert.Equal(inputs, io.Inputs);
    }

    [Theory]
    [InlineData(true, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, true, false)]
    [InlineData(false, false, false, true)]
    [InlineData(true, true, true, true)]
    public void Read_CapsStopAndMcuFault_ReadInTheirMeaning(bool capA, bool capB, bool stop, bool fault)
    {
        _board.SetCapConnected('A', capA);
        _board.SetCapConnected('B', capB);
        _board.SetStopPressed(stop);
        _board.SetMcuFault(fault);
        using var io = new BoardIo(_gpio);

        Assert.Equal(new BoardInputs(capA, capB, stop, fault), io.Read());
    }

    [Fact]
    public void Levels_FollowTheWiring()
    {
        _board.SetCapConnected('A', true);
        _board.SetStopPressed(true);
        _board.SetMcuFault(true);

        Assert.Equal(PinValue.Low, _board.Level(BoardPins.CapSwitchA));
        Assert.Equal(PinValue.High, _board.Level(BoardPins.CapSwitchB));
        Assert.Equal(PinValue.High, _board.Level(BoardPins.StopButton));
        Assert.Equal(PinValue.Low, _board.Level(BoardPins.McuFault));

        _board.SetStopPressed(false);
        _board.SetMcuFault(false);

        Assert.Equal(PinValue.Low, _board.Level(BoardPins.StopButton));
        Assert.Equal(PinValue.High, _board.Level(BoardPins.McuFault));
    }

    [Fact]
    public void Read_OneTickGlitch_IsIgnored()
    {
        using var io = new BoardIo(_gpio);
        Assert.False(io.Read().StopPressed);

        _board.SetStopPressed(true);
        Assert.False(io.Read().StopPressed);
        _board.SetStopPressed(false);
        Assert.False(io.Read().StopPressed);
        Assert.False(io.Read().StopPressed);
        Assert.False(io.Read().StopPressed);
    }

    [Fact]
    public void Read_AlternatingSamples_NeverAccepted()
    {
        using var io = new BoardIo(_gpio);
        Assert.False(io.Read().CapA);

        for (var tick = 0; tick < 10; tick++)
        {
            _board.SetCapConnected('A', tick % 2 == 0);
            Assert.False(io.Read().CapA);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Read_ChangeHeldForNTicks_IsAcceptedOnTheNthTick(int ticks)
    {
        using var io = new BoardIo(_gpio, ticks);
        Assert.False(io.Read().McuFault);

        _board.SetMcuFault(true);
        for (var tick = 1; tick < ticks; tick++)
        {
            Assert.False(io.Read().McuFault);
        }

        Assert.True(io.Read().McuFault);

        // And back: the release is debounced the same way.
        _board.SetMcuFault(false);
        for (var tick = 1; tick < ticks; tick++)
        {
            Assert.True(io.Read().McuFault);
        }

        Assert.False(io.Read().McuFault);
    }

    [Fact]
    public void Read_DefaultDebounce_IsTwoTicks()
    {
        using var io = new BoardIo(_gpio);
        io.Read();

        _board.SetCapConnected('B', true);

        Assert.Equal(2, io.DebounceTicks);
        Assert.False(io.Read().CapB);
        Assert.True(io.Read().CapB);
    }

    [Fact]
    public void Read_BrokenStopWire_ReadsPressed()
    {
        using var io = new BoardIo(_gpio);
        Assert.False(io.Read().StopPressed);

        _board.BreakWire(BoardPins.StopButton, broken: true);
        io.Read();

        Assert.True(io.Read().StopPressed);

        _board.BreakWire(BoardPins.StopButton, broken: false);
        io.Read();
        Assert.False(io.Read().StopPressed);
    }

    [Theory]
    [InlineData('A', BoardPins.CapSwitchA)]
    [InlineData('B', BoardPins.CapSwitchB)]
    public void Read_BrokenCapWire_ReadsUnplugged(char channel, int pin)
    {
        _board.SetCapConnected(channel, true);
        using var io = new BoardIo(_gpio);
        Assert.True(Cap(io.Read(), channel));

        _board.BreakWire(pin, broken: true);
        io.Read();

        Assert.False(Cap(io.Read(), channel));
    }

    [Fact]
    public void Read_EveryWireBroken_ReadsTheSafeMeaning()
    {
        // Caps and STOP float High to their pull-ups; the MCU fault line floats Low to its pull-down: "faulted".
        _board.SetCapConnected('A', true);
        _board.SetCapConnected('B', true);
        foreach (var pin in BoardPins.Inputs)
        {
            _board.BreakWire(pin, broken: true);
        }

        using var io = new BoardIo(_gpio);

        Assert.Equal(BoardInputs.Safe, io.Read());
    }

    [Fact]
    public void Open_DrivesEveryOutputToItsSafeLevel()
    {
        using var io = new BoardIo(_gpio);

        Assert.False(_board.CoolingEnable);
        Assert.False(_board.Buzzer);
        Assert.True(_board.BeaconRed);
        Assert.False(_board.BeaconAmber);
        Assert.False(_board.BeaconGreen);
        Assert.False(_board.McuResetHeld);
        Assert.Equal(BoardOutputs.Safe, io.Outputs);
        foreach (var pin in BoardPins.Outputs)
        {
            Assert.Equal(PinMode.Output, _board.ModeOf(pin));
        }
    }

    [Fact]
    public void Open_DoesNotGlitchTheMcuResetLine()
    {
        var pulses = 0;
        _board.McuResetPulsed += () => pulses++;

        using var io = new BoardIo(_gpio);

        Assert.Equal(0, pulses);
        Assert.Equal(0, _board.McuResetPulses);
    }

    [Fact]
    public void Open_InputsWithTheirBias_WhenTheDriverHasIt()
    {
        using var io = new BoardIo(_gpio);

        Assert.Equal(PinMode.InputPullUp, io.InputMode);
        foreach (var pin in BoardPins.Inputs)
        {
            Assert.True(_gpio.IsPinOpen(pin));
            Assert.Equal(BoardPins.IsPulledDown(pin) ? PinMode.InputPullDown : PinMode.InputPullUp, _board.ModeOf(pin));
        }
    }

    [Fact]
    public void Open_DriverWithoutPullUp_OpensInputsAsInputAndStillReads()
    {
        using var gpio = new GpioController(new SimulatedBoardDriver(pullUpSupported: false));
        using var io = new BoardIo(gpio);

        Assert.Equal(PinMode.Input, io.InputMode);
        Assert.Equal(PinMode.Input, gpio.GetPinMode(BoardPins.StopButton));
        Assert.Equal(new BoardInputs(false, false, false, false), io.Read());
    }

    [Fact]
    public void Open_LineBusyElsewhere_ThrowsAndClosesWhatItOpened()
    {
        // Another controller on the same chip holds the MCU fault line, as another process would (EBUSY).
        var other = new GpioController(_board);
        other.OpenPin(BoardPins.McuFault, PinMode.Input);

        var e = Assert.Throws<InvalidOperationException>(() => new BoardIo(_gpio));

        Assert.Contains($"GPIO {BoardPins.McuFault}", e.Message, StringComparison.Ordinal);
        foreach (var pin in BoardPins.Outputs.Concat([BoardPins.CapSwitchA, BoardPins.CapSwitchB, BoardPins.StopButton]))
        {
            Assert.False(_gpio.IsPinOpen(pin));
            Assert.False(_board.IsOpen(pin));
        }

        Assert.False(_board.CoolingEnable);
        Assert.False(_board.McuResetHeld);
        other.ClosePin(BoardPins.McuFault);
    }

    [Theory]
    [InlineData(Beacon.Off, false, false, false)]
    [InlineData(Beacon.Green, true, false, false)]
    [InlineData(Beacon.Amber, false, true, false)]
    [InlineData(Beacon.Red, false, false, true)]
    public void Write_Beacon_LightsOnlyItsLamp(Beacon beacon, bool green, bool amber, bool red)
    {
        using var io = new BoardIo(_gpio);

        io.Write(new BoardOutputs(CoolingEnable: false, Buzzer: false, beacon));

        Assert.Equal((green, amber, red), (_board.BeaconGreen, _board.BeaconAmber, _board.BeaconRed));
        Assert.Equal(green ? PinValue.High : PinValue.Low, _board.Level(BoardPins.BeaconGreen));
    }

    [Fact]
    public void Write_CoolingAndBuzzer_ReachTheLinesHigh()
    {
        using var io = new BoardIo(_gpio);

        io.Write(new BoardOutputs(CoolingEnable: true, Buzzer: false, Beacon.Green));
        Assert.True(_board.CoolingEnable);
        Assert.Equal(PinValue.High, _board.Level(BoardPins.CoolingEnable));
        Assert.False(_board.Buzzer);

        io.Write(new BoardOutputs(CoolingEnable: false, Buzzer: true, Beacon.Amber));
        Assert.False(_board.CoolingEnable);
        Assert.Equal(PinValue.Low, _board.Level(BoardPins.CoolingEnable));
        Assert.True(_board.Buzzer);
        Assert.Equal(new BoardOutputs(false, true, Beacon.Amber), io.Outputs);
    }

    [Fact]
    public void Write_OnlyChangedLinesAreWritten()
    {
        using var io = new BoardIo(_gpio);
        var before = _board.OutputWrites;

        io.Write(BoardOutputs.Safe);
        Assert.Equal(before, _board.OutputWrites);

        io.Write(BoardOutputs.Safe with { Buzzer = true });
        Assert.Equal(before + 1, _board.OutputWrites);

        // Red to green: red off, green on.
        io.Write(new BoardOutputs(CoolingEnable: false, Buzzer: true, Beacon.Green));
        Assert.Equal(before + 3, _board.OutputWrites);
    }

    [Fact]
    public void Write_BeaconChange_NeverLightsTwoLamps()
    {
        using var io = new BoardIo(_gpio);
        var maxLit = 0;
        using var watch = new LampWatch(_board, lit => maxLit = Math.Max(maxLit, lit));

        io.Write(BoardOutputs.Safe with { Beacon = Beacon.Green });
        io.Write(BoardOutputs.Safe with { Beacon = Beacon.Amber });
        io.Write(BoardOutputs.Safe with { Beacon = Beacon.Red });

        Assert.Equal(1, maxLit);
        Assert.Equal(6, watch.Writes);
    }

    [Fact]
    public void Dispose_DrivesSafeLevelsAndClosesEveryLine()
    {
        var io = new BoardIo(_gpio);
        io.Write(new BoardOutputs(CoolingEnable: true, Buzzer: true, Beacon.Green));
        Assert.True(_board.CoolingEnable);

        io.Dispose();

        Assert.False(_board.CoolingEnable);
        Assert.False(_board.Buzzer);
        Assert.True(_board.BeaconRed);
        Assert.False(_board.BeaconGreen);
        Assert.False(_board.McuResetHeld);
        foreach (var pin in BoardPins.Inputs.Concat(BoardPins.Outputs))
        {
            Assert.False(_board.IsOpen(pin));
            Assert.False(_gpio.IsPinOpen(pin));
        }

        Assert.Throws<ObjectDisposedException>(() => io.Read());
        Assert.Throws<ObjectDisposedException>(() => io.Write(BoardOutputs.Safe));
        Assert.Throws<ObjectDisposedException>(io.ResetLine.Pulse);
    }

    [Fact]
    public void Pulse_HoldsTheMcuInResetUntilTheFirstReadAfterItsWidth()
    {
        var time = new FakeTimeProvider();
        var released = 0;
        _board.McuResetPulsed += () => released++;
        using var io = new BoardIo(_gpio, time: time);
        io.Read();

        io.ResetLine.Pulse();

        Assert.True(_board.McuResetHeld);
        Assert.True(io.ResetLine.Held);
        Assert.Equal(PinValue.Low, _board.Level(BoardPins.McuReset));
        io.Read();
        time.Advance(TimeSpan.FromMilliseconds(99));
        io.Read();
        Assert.True(_board.McuResetHeld, "released before its 100 ms");
        Assert.Equal(0, released);

        time.Advance(TimeSpan.FromMilliseconds(1));
        io.Read();

        Assert.False(_board.McuResetHeld);
        Assert.False(io.ResetLine.Held);
        Assert.Equal(1, released);
        Assert.Equal(1, _board.McuResetPulses);

        io.Read();
        Assert.Equal(1, _board.McuResetPulses);
    }

    [Fact]
    public void Pulse_TwiceInOneTick_IsOnePulse()
    {
        var time = new FakeTimeProvider();
        using var io = new BoardIo(_gpio, time: time);

        io.ResetLine.Pulse();
        io.ResetLine.Pulse();
        time.Advance(GpioMcuResetLine.DefaultMinimumWidth);
        io.Read();

        Assert.Equal(1, _board.McuResetPulses);
        Assert.Equal(1, io.ResetLine.Pulses);
    }

    [Theory]
    [InlineData(50, 100)]
    [InlineData(100, 100)]
    [InlineData(250, 300)]
    public void Pulse_ConfiguredWidth_ReleasedAtTheFirstTickReadAtOrAfterIt(int widthMs, int expectedMs)
    {
        var time = new FakeTimeProvider();
        using var io = new BoardIo(_gpio, time: time, resetPulseWidth: TimeSpan.FromMilliseconds(widthMs));
        var start = time.GetUtcNow();
        DateTimeOffset? releasedAt = null;
        _board.McuResetPulsed += () => releasedAt = time.GetUtcNow();

        io.ResetLine.Pulse();
        for (var tick = 0; tick < 10 && releasedAt is null; tick++)
        {
            io.Read();
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), releasedAt - start);
        Assert.Equal(TimeSpan.FromMilliseconds(widthMs), io.ResetLine.MinimumWidth);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Constructor_PulseWidthNotPositive_Throws(int widthMs)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BoardIo(_gpio, resetPulseWidth: TimeSpan.FromMilliseconds(widthMs)));

        Assert.Equal("resetPulseWidth", e.ParamName);
        Assert.False(_board.IsOpen(BoardPins.McuReset));
    }

    [Fact]
    public void Dispose_WhileTheMcuIsHeldInReset_ReleasesIt()
    {
        var io = new BoardIo(_gpio);
        io.ResetLine.Pulse();

        io.Dispose();

        Assert.False(_board.McuResetHeld);
        Assert.Equal(1, _board.McuResetPulses);
    }

    private static bool Cap(BoardInputs inputs, char channel) => channel == 'A' ? inputs.CapA : inputs.CapB;

    /// <summary>Counts the lit lamps after every output write the driver sees.</summary>
    private sealed class LampWatch : IDisposable
    {
        private readonly SimulatedBoardDriver _board;
        private readonly Action<int> _lit;

        public LampWatch(SimulatedBoardDriver board, Action<int> lit)
        {
            _board = board;
            _lit = lit;
            board.OutputWritten += OnWrite;
        }

        public int Writes { get; private set; }

        public void Dispose() => _board.OutputWritten -= OnWrite;

        private void OnWrite(int pin, PinValue value)
        {
            Writes++;
            _lit((_board.BeaconGreen ? 1 : 0) + (_board.BeaconAmber ? 1 : 0) + (_board.BeaconRed ? 1 : 0));
        }
    }
}
