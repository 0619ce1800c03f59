using System.Device.Gpio;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Tests.Continuity;

/// <summary>
/// A host for these tests: the real link over the in-process cable on a device clock, the board's cooling-enable
/// held High, a cooling command every 100 ms tick, one trace line per tick. It can move to another unit (a restored
/// one) and carry on with the same link, as if the unit had never been swapped.
/// </summary>
internal sealed class UnitHost : IDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly McuCommand Cooling = new(80, Pump: true, ValveA: true, ValveB: true, Fan: true, CoolingMode.Cool);

    private readonly SwitchablePort _port;
    private GpioController _gpio;

    public UnitHost(SimulatedUnit unit, DeviceClock clock, ILogger<McuLink> logger)
    {
        Clock = clock;
        Unit = unit;
        _port = new SwitchablePort(new InProcessMcuPort(unit, clock));
        Link = new McuLink(_port, resetLine: null, new McuLinkOptions(), clock, new Random(9), logger);
        _gpio = OpenCoolingEnable(unit);
    }

    public DeviceClock Clock { get; }

    public SimulatedUnit Unit { get; private set; }

    public McuLink Link { get; }

    public McuLinkStatus Status { get; private set; }

    /// <summary>Runs ticks for <paramref name="duration"/>, each after <paramref name="script"/> and with one line in <paramref name="trace"/>.</summary>
    public void Run(TimeSpan duration, StringBuilder? trace = null, Action<SimulatedUnit>? script = null)
    {
        for (var t = TimeSpan.Zero; t < duration; t += Tick)
        {
            script?.Invoke(Unit);
            Clock.Advance(Tick);
            Unit.Advance(Tick);
            Status = Link.Tick(Clock.GetTimestamp(), Cooling);
            trace?.AppendLine(Line());
        }
    }

    /// <summary>Carries on with <paramref name="unit"/>: the same link and clock, its cable and board.</summary>
    public void MoveTo(SimulatedUnit unit)
    {
        _gpio.Dispose();
        Unit = unit;
        _port.Switch(new InProcessMcuPort(unit, Clock));
        _gpio = OpenCoolingEnable(unit);
    }

    public void Dispose()
    {
        _gpio.Dispose();
        _port.Dispose();
    }

    // Opened straight to High, so the restored board, which still carries the level the host left, sees no glitch.
    private static GpioController OpenCoolingEnable(SimulatedUnit unit)
    {
        var gpio = new GpioController(unit.Board);
        gpio.OpenPin(BoardPins.CoolingEnable, PinMode.Output, PinValue.High);
        return gpio;
    }

    private string Line()
    {
        var p = Unit.Plant;
        var s = Status.LastStatus;
        var probe = Unit.Probe.Latest;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Unit.DeviceTime.TotalMilliseconds} {p.ReservoirC:R} {p.CapC(CapChannel.A):R} {p.CapC(CapChannel.B):R} {p.CompressorPct:R} " +
            $"{p.FlowLpm(CapChannel.A):R} | {s?.StatusSeq} {s?.SupplyCc} {s?.ReturnACc} {s?.FlowAClpm} {s?.CompressorActualPct} {s?.Latched} " +
            $"| {probe.Celsius:R} {probe.Timestamp} | {Unit.BitsFlipped} {Status.State} {Status.Counters.CommandsSent}");
    }

    /// <summary>The host's end of the cable; moving it to another unit keeps the frames not yet drained.</summary>
    private sealed class SwitchablePort(InProcessMcuPort first) : IMcuPort
    {
        private readonly List<McuFrame> _pending = [];
        private InProcessMcuPort _current = first;

        public PortCounters Counters => _current.Counters;

        public void Switch(InProcessMcuPort next)
        {
            _current.Drain(_pending);
            _current.Dispose();
            _current = next;
        }

        public void Send(ReadOnlySpan<byte> wireFrame) => _current.Send(wireFrame);

        public void Drain(List<McuFrame> into)
        {
            into.AddRange(_pending);
            _pending.Clear();
            _current.Drain(into);
        }

        public void Dispose() => _current.Dispose();
    }
}
