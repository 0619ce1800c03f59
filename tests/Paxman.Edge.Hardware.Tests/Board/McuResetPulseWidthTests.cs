using System.Device.Gpio;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Hardware.Tests.Board;

/// <summary>
/// The MCU reset pulse as the wire sees it when the engine drives it: the link pulses in a tick's link step and the
/// board read releases the line in a later step, on device time advanced one 100 ms tick at a time.
/// </summary>
public sealed class McuResetPulseWidthTests : TestEnvironment
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly McuCommand Cooling = new(60, Pump: true, ValveA: false, ValveB: false, Fan: true, CoolingMode.Cool);

    [Fact]
    public void Pulse_FromTheLinkInTheEnginesTickOrder_HoldsTheLineLowForOneToTwoTicks()
    {
        var clock = new DeviceClock(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
        var unit = new SimulatedUnit(new SimulatedUnitOptions { Seed = 4 }, clock);
        using var port = new InProcessMcuPort(unit, clock);
        using var gpio = new GpioController(unit.Board);
        using var io = new BoardIo(gpio, time: clock);
        var link = new McuLink(port, io.ResetLine, new McuLinkOptions(), clock, new Random(4), LoggerFor<McuLink>());
        var edges = new List<(TimeSpan At, PinValue Level)>();
        unit.Board.OutputWritten += (pin, level) =>
        {
            if (pin == BoardPins.McuReset)
            {
                edges.Add((clock.Elapsed, level));
            }
        };

        // Linked and cooling, then the cable is cut: the link is lost after 1 s and pulses the reset line at 5 s.
        RunTicks(unit, clock, link, io, TimeSpan.FromSeconds(10));
        Assert.Empty(edges);
        unit.LinkDown = true;
        RunTicks(unit, clock, link, io, TimeSpan.FromSeconds(8));

        Assert.Equal(1, io.ResetLine.Pulses);
        Assert.Equal([PinValue.Low, PinValue.High], edges.Select(e => e.Level));
        var width = edges[1].At - edges[0].At;
        Assert.InRange(width, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, unit.Board.McuResetPulses);

        // Mended, the cable carries the new handshake: the MCU says the reset line restarted it.
        unit.LinkDown = false;
        var status = RunTicks(unit, clock, link, io, TimeSpan.FromSeconds(3));
        Assert.Equal(ResetReason.HostResetLine, status.Mcu?.ResetReason);
    }

    // Each tick in the engine's order: the unit catches up and the link is drained (where it may pulse), the
    // board is read (where a pulse may end), then the command is sent.
    private static McuLinkStatus RunTicks(SimulatedUnit unit, DeviceClock clock, McuLink link, BoardIo io, TimeSpan duration)
    {
        McuLinkStatus status = default;
        for (var t = TimeSpan.Zero; t < duration; t += Tick)
        {
            clock.Advance(Tick);
            unit.Advance(Tick);
            var now = clock.GetTimestamp();
            link.Receive(now);
            io.Read();
            status = link.Send(now, Cooling);
            io.Write(new BoardOutputs(CoolingEnable: true, Buzzer: false, Beacon.Green));
        }

        return status;
    }
}
