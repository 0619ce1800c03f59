using System.Device.Gpio;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Hardware.Link;

namespace Paxman.Edge.Hardware.Board;

/// <summary>
/// The MCU reset line (<see cref="BoardPins.McuReset"/>, Low holds the MCU in reset) opened by <see cref="BoardIo"/>,
/// which hands it out as <see cref="BoardIo.ResetLine"/>.
/// </summary>
/// <remarks>
/// A pulse never blocks the engine thread: <see cref="Pulse"/> drives the line Low and notes the time (a monotonic
/// timestamp of the injected clock); <see cref="Service"/>, which <see cref="BoardIo.Read"/> calls every tick,
/// releases it High at the first call at least <see cref="MinimumWidth"/> (100 ms by default) later. The link pulses
/// in the tick's link step, before that tick's board read, so without the width the read of the same tick would end
/// the pulse within microseconds; with it, at 10 Hz the MCU is held in reset for one to two tick periods: far above
/// the MCU's minimum of about 1 us and long enough for an RC filter on its reset pin. Measure the width on the clock
/// the engine ticks on (device time in Simulated mode). If the engine stops ticking the MCU stays in reset, which
/// stops the chiller; disposing <see cref="BoardIo"/> releases it at once. Engine thread only, like <see cref="BoardIo"/>.
/// </remarks>
public sealed class GpioMcuResetLine : IMcuResetLine
{
    /// <summary>The shortest pulse by default: one tick at 10 Hz.</summary>
    public static readonly TimeSpan DefaultMinimumWidth = TimeSpan.FromMilliseconds(100);

    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly TimeProvider _time;
    private long _heldSince;

    internal GpioMcuResetLine(GpioController controller, int pin, TimeProvider time, TimeSpan minimumWidth)
    {
        _controller = controller;
        _pin = pin;
        _time = time;
        MinimumWidth = minimumWidth;
    }

    /// <summary>True from <see cref="Pulse"/> until the line is released.</summary>
    public bool Held { get; private set; }

    /// <summary>Pulses begun since the line was opened.</summary>
    public long Pulses { get; private set; }

    /// <summary>The line is held Low at least this long.</summary>
    public TimeSpan MinimumWidth { get; }

    internal bool Closed { get; set; }

    /// <summary>Drives the line Low; it is released at the first <see cref="Service"/> at least <see cref="MinimumWidth"/> later.</summary>
    /// <remarks>A pulse already in progress is not extended and not counted again.</remarks>
    public void Pulse()
    {
        ObjectDisposedException.ThrowIf(Closed, this);
        if (Held)
        {
            return;
        }

        _controller.Write(_pin, PinValue.Low);
        _heldSince = _time.GetTimestamp();
        Held = true;
        Pulses++;
    }

    /// <summary>Ends a pulse that has lasted <see cref="MinimumWidth"/> by driving the line High again; otherwise does nothing.</summary>
    public void Service()
    {
        if (Held && _time.GetElapsedTime(_heldSince) >= MinimumWidth)
        {
            Release();
        }
    }

    /// <summary>Releases the line now, however short the pulse (the board is being closed).</summary>
    internal void Release()
    {
        if (!Held)
        {
            return;
        }

        _controller.Write(_pin, PinValue.High);
        Held = false;
    }
}
