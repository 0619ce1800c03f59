using System.Device.Gpio;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Simulation.Board;

namespace Paxman.Edge.Hardware.Tests.Board;

/// <summary>
/// The simulated board GPIO chip under a real <see cref="GpioController"/>: what the controller lets through to it
/// and what it refuses like the kernel would.
/// </summary>
public sealed class SimulatedBoardDriverTests : IDisposable
{
    private readonly SimulatedBoardDriver _board = new();
    private readonly GpioController _gpio;

    public SimulatedBoardDriverTests()
    {
        _gpio = new GpioController(_board);
    }

    public void Dispose() => _gpio.Dispose();

    [Fact]
    public void Callback_FiresOnTheEdgesTheSimulationCauses()
    {
        _gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);
        var edges = new List<(int Pin, PinEventTypes Type)>();
        _gpio.RegisterCallbackForPinValueChangedEvent(
            BoardPins.StopButton,
            PinEventTypes.Rising | PinEventTypes.Falling,
            (_, e) => edges.Add((e.PinNumber, e.ChangeType)));

        _board.SetStopPressed(true);
        _board.SetStopPressed(true);
        _board.SetStopPressed(false);
        _board.BreakWire(BoardPins.StopButton, broken: true);

        Assert.Equal(
            [(BoardPins.StopButton, PinEventTypes.Rising), (BoardPins.StopButton, PinEventTypes.Falling), (BoardPins.StopButton, PinEventTypes.Rising)],
            edges);
    }

    [Fact]
    public void Callback_OnlyTheEdgeTypeAskedFor()
    {
        _gpio.OpenPin(BoardPins.CapSwitchA, PinMode.InputPullUp);
        var falling = 0;
        _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.CapSwitchA, PinEventTypes.Falling, (_, _) => falling++);

        _board.SetCapConnected('A', true);
        _board.SetCapConnected('A', false);
        _board.SetCapConnected('A', true);

        Assert.Equal(2, falling);
    }

    [Fact]
    public void Callback_NotAfterItIsRemovedOrThePinClosed()
    {
        _gpio.OpenPin(BoardPins.McuFault, PinMode.InputPullDown);
        var calls = 0;
        PinChangeEventHandler handler = (_, _) => calls++;
        _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.McuFault, PinEventTypes.Falling, handler);
        _board.SetMcuFault(true);
        _gpio.UnregisterCallbackForPinValueChangedEvent(BoardPins.McuFault, handler);
        _board.SetMcuFault(false);
        _board.SetMcuFault(true);

        // Closing the line drops its callbacks: they do not come back when it is opened again.
        _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.McuFault, PinEventTypes.Rising, handler);
        _gpio.ClosePin(BoardPins.McuFault);
        _board.SetMcuFault(false);
        _gpio.OpenPin(BoardPins.McuFault, PinMode.InputPullDown);
        _board.SetMcuFault(true);
        _board.SetMcuFault(false);

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Callback_MayReadTheLineItIsCalledFor()
    {
        _gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);
        PinValue? seen = null;
        _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.StopButton, PinEventTypes.Rising, (_, e) => seen = _gpio.Read(e.PinNumber));

        _board.SetStopPressed(true);

        Assert.Equal(PinValue.High, seen);
    }

    [Fact]
    public void Callback_OnAnOutputLine_Throws()
    {
        _gpio.OpenPin(BoardPins.Buzzer, PinMode.Output, PinValue.Low);

        var e = Assert.Throws<InvalidOperationException>(() =>
            _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.Buzzer, PinEventTypes.Rising, (_, _) => { }));
        Assert.Contains("output", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForEvent_ReturnsTheEdgeFromAnotherThread()
    {
        _gpio.OpenPin(BoardPins.McuFault, PinMode.InputPullDown);

        var wait = Task.Run(() => _gpio.WaitForEvent(BoardPins.McuFault, PinEventTypes.Falling, TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);
        while (!wait.IsCompleted)
        {
            // The waiter may not be registered yet; edges before it registers are not events for it.
            _board.SetMcuFault(true);
            _board.SetMcuFault(false);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var result = await wait;
        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Falling, result.EventTypes);
    }

    [Fact]
    public void WaitForEvent_NoEdge_TimesOut()
    {
        _gpio.OpenPin(BoardPins.McuFault, PinMode.InputPullDown);

        var result = _gpio.WaitForEvent(BoardPins.McuFault, PinEventTypes.Falling, TimeSpan.FromMilliseconds(20));

        Assert.True(result.TimedOut);
    }

    [Fact]
    public async Task WaitForEventAsync_ReturnsTheEdge()
    {
        _gpio.OpenPin(BoardPins.CapSwitchB, PinMode.InputPullUp);

        var wait = _gpio.WaitForEventAsync(BoardPins.CapSwitchB, PinEventTypes.Falling, TimeSpan.FromSeconds(10));
        _board.SetCapConnected('B', true);
        var result = await wait;

        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Falling, result.EventTypes);
    }

    [Fact]
    public void Write_InputLine_TheDriverThrows()
    {
        _gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);

        // GpioController.Write(ReadOnlySpan<PinValuePair>) and Toggle hand the write to the driver as they are.
        var batch = Assert.Throws<InvalidOperationException>(() => _gpio.Write([new PinValuePair(BoardPins.StopButton, PinValue.High)]));
        var toggle = Assert.Throws<InvalidOperationException>(() => _gpio.Toggle(BoardPins.StopButton));

        Assert.Contains("input line cannot be written", batch.Message, StringComparison.Ordinal);
        Assert.Contains("input line cannot be written", toggle.Message, StringComparison.Ordinal);
        Assert.Equal(PinValue.Low, _gpio.Read(BoardPins.StopButton));
    }

    [Fact]
    public void Write_InputLineOneByOne_IsDroppedByTheController()
    {
        _gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);
        var writes = _board.OutputWrites;

        // System.Device.Gpio 4.2.0: GpioController.Write(int, PinValue) on a line whose driver mode is not Output
        // only remembers the value and returns; the driver never sees it, so nothing can throw.
        _gpio.Write(BoardPins.StopButton, PinValue.High);

        Assert.Equal(PinValue.Low, _gpio.Read(BoardPins.StopButton));
        Assert.Equal(writes, _board.OutputWrites);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(28)]
    [InlineData(-1)]
    public void OpenPin_LineTheBoardDoesNotWire_Throws(int pin)
    {
        var e = Assert.Throws<InvalidOperationException>(() => _gpio.OpenPin(pin));

        Assert.Contains($"GPIO {pin}", e.Message, StringComparison.Ordinal);
        Assert.False(_gpio.IsPinOpen(pin));
    }

    [Theory]
    [InlineData(BoardPins.StopButton, PinMode.Output)]
    [InlineData(BoardPins.CapSwitchA, PinMode.InputPullDown)]
    [InlineData(BoardPins.CoolingEnable, PinMode.Input)]
    [InlineData(BoardPins.McuReset, PinMode.InputPullUp)]
    public void SetPinMode_ModeTheWiringDoesNotAllow_Throws(int pin, PinMode mode)
    {
        Assert.False(_gpio.IsPinModeSupported(pin, mode));
        Assert.Throws<InvalidOperationException>(() => _gpio.OpenPin(pin, mode));
    }

    [Fact]
    public void OpenPin_Twice_IsTheSamePinForTheController()
    {
        var first = _gpio.OpenPin(BoardPins.CapSwitchA, PinMode.Input);

        Assert.Same(first, _gpio.OpenPin(BoardPins.CapSwitchA));
        Assert.True(_board.IsOpen(BoardPins.CapSwitchA));
    }

    [Fact]
    public void Read_OutputLine_ReturnsItsDrivenLevel()
    {
        _gpio.OpenPin(BoardPins.CoolingEnable, PinMode.Output, PinValue.High);

        Assert.Equal(PinValue.High, _gpio.Read(BoardPins.CoolingEnable));
        _gpio.Write(BoardPins.CoolingEnable, PinValue.Low);
        Assert.Equal(PinValue.Low, _gpio.Read(BoardPins.CoolingEnable));
        Assert.False(_board.CoolingEnable);
    }

    [Fact]
    public void Outputs_NeverConfigured_ReadTheBoardsResistors()
    {
        Assert.False(_board.CoolingEnable);
        Assert.False(_board.Buzzer);
        Assert.False(_board.BeaconRed);
        Assert.False(_board.McuResetHeld);
    }

    [Fact]
    public void McuReset_OutputWithoutInitialValue_GlitchesLowLikeLibgpiod()
    {
        var pulses = 0;
        _board.McuResetPulsed += () => pulses++;

        _gpio.OpenPin(BoardPins.McuReset, PinMode.Output);
        Assert.True(_board.McuResetHeld);
        _gpio.Write(BoardPins.McuReset, PinValue.High);

        Assert.Equal(1, pulses);
    }

    [Fact]
    public void ClosePin_LeavesTheLineAsItWasDriven()
    {
        _gpio.OpenPin(BoardPins.Buzzer, PinMode.Output, PinValue.High);

        _gpio.ClosePin(BoardPins.Buzzer);

        Assert.True(_board.Buzzer);
        Assert.False(_board.IsOpen(BoardPins.Buzzer));
    }

    [Fact]
    public void Dispose_ControllerClosesEveryLineItOpened()
    {
        using var board = new SimulatedBoardDriver();
        var gpio = new GpioController(board);
        gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);
        gpio.OpenPin(BoardPins.Buzzer, PinMode.Output, PinValue.Low);

        gpio.Dispose();

        Assert.False(board.IsOpen(BoardPins.StopButton));
        Assert.False(board.IsOpen(BoardPins.Buzzer));
    }

    [Fact]
    public void SetCapConnected_UnknownChannel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _board.SetCapConnected('C', true));
    }

    [Fact]
    public void BreakWire_OnAnOutput_Throws()
    {
        Assert.Throws<ArgumentException>(() => _board.BreakWire(BoardPins.CoolingEnable, broken: true));
    }

    [Fact]
    public async Task Inputs_ToggledOnAnotherThreadWhileReading_EveryEdgeIsDelivered()
    {
        _gpio.OpenPin(BoardPins.StopButton, PinMode.InputPullUp);
        var ct = TestContext.Current.CancellationToken;
        var edges = 0;
        _gpio.RegisterCallbackForPinValueChangedEvent(BoardPins.StopButton, PinEventTypes.Rising | PinEventTypes.Falling, (_, _) => Interlocked.Increment(ref edges));

        var writer = Task.Run(
            () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    _board.SetStopPressed(i % 2 == 0);
                }
            },
            ct);
        while (!writer.IsCompleted)
        {
            _gpio.Read(BoardPins.StopButton);
        }

        await writer;
        Assert.Equal(10_000, Volatile.Read(ref edges));
        Assert.Equal(PinValue.Low, _gpio.Read(BoardPins.StopButton));
    }
}
