using System.Device.Gpio;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Hardware.Link;

namespace Paxman.Edge.Hardware.Board;

/// <summary>
/// The MCU reset line (<see cref="BoardPins.McuReset"/>, Low holds the MCU in reset) opened by <see cref="BoardIo"/>,
/// which hands it out as <see cref="BoardIo.ResetLine"/>.
/// </summary>
/// <remarks>
/// A pulse never blocks the engine thread: <see cref="Pulse"/> drives the line Low and the next tick's
/// <see cref="BoardIo.Read"/> releases it High (through <see cref="Service"/>). In the engine's tick order (read the
/// board, step the link, write the board) the MCU is therefore held in reset for about one tick period, 100 ms at
/// 10 Hz: far above the MCU's minimum of about 1 us and long enough for an RC filter on its reset pin. If the engine
/// stops ticking the MCU stays in reset, which stops the chiller; disposing <see cref="BoardIo"/> releases it.
/// Engine thread only, like <see cref="BoardIo"/>.
/// </remarks>
public sealed class GpioMcuResetLine : IMcuResetLine
{
    private readonly GpioController _controller;
    private readonly int _pin;

    internal GpioMcuResetLine(GpioController controller, int pin)
    {
        _controller = controller;
        _pin = pin;
    }

    /// <summary>True from <see cref="Pulse"/> until the line is released.</summary>
    public bool Held { get; private set; }

    /// <summary>Pulses begun since the line was opened.</summary>
    public long Pulses { get; private set; }

    internal bool Closed { get; set; }

    /// <summary>Drives the line Low; it is released at the next <see cref="Service"/> (the next engine tick).</summary>
    /// <remarks>A pulse already in progress is not extended and not counted again.</remarks>
    public void Pulse()
    {
        ObjectDisposedException.ThrowIf(Closed, this);
        if (Held)
        {
            return;
        }

        _controller.Write(_pin, PinValue.Low);
        Held = true;
        Pulses++;
    }

    /// <summary>Ends a pulse begun earlier by driving the line High again; does nothing if none is in progress.</summary>
    public void Service()
    {
        if (!Held)
        {
            return;
        }

        _controller.Write(_pin, PinValue.High);
        Held = false;
    }
}
