using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation.Tests.Mcu;

/// <summary>
/// The MCU emulator on its own plant, driven frame by frame in device time: a host written against
/// firmware-protocol/protocol.md alone, with every STATUS the MCU sent kept in order.
/// </summary>
internal sealed class EmulatorBench
{
    public const ushort Link = 4660;

    private readonly FrameDecoder _decoder = new(FrameDirection.ToHost);
    private uint _cmdSeq;

    public EmulatorBench(McuEmulatorOptions? options = null)
    {
        Plant = new ThermalPlant(new PlantConstants(), ambientC: 22, seed: 1);
        Mcu = new McuEmulator(options ?? new McuEmulatorOptions(), Plant, frame =>
        {
            ReadOnlySpan<byte> input = frame;
            while (_decoder.TryDecode(ref input, out var f))
            {
                if (f.Type == MessageType.Status && Status.TryRead(f.Payload, out var s))
                {
                    Statuses.Add(s);
                }
                else if (f.Type == MessageType.Error && Error.TryRead(f.Payload, out var e))
                {
                    Errors.Add(e);
                }
                else if (f.Type == MessageType.FaultReport && FaultReport.TryRead(f.Payload, out var r))
                {
                    FaultReports.Add(r);
                }
            }
        });
    }

    public ThermalPlant Plant { get; }

    public McuEmulator Mcu { get; }

    public List<Status> Statuses { get; } = [];

    public List<Error> Errors { get; } = [];

    public List<FaultReport> FaultReports { get; } = [];

    public void Send<T>(in T message)
        where T : struct, IMessage
    {
        Span<byte> wire = stackalloc byte[ProtocolConstants.MaxWireFrame];
        var n = FrameEncoder.Encode(message, wire);
        Mcu.Receive(wire[..n]);
    }

    public void Hello() => Send(new Hello(ProtocolConstants.Version, Link, 1));

    /// <summary>Sends <paramref name="state"/> every 100 ms for <paramref name="duration"/>, as the host's tick does.</summary>
    public void Hold(TimeSpan duration, byte compressorPct, Outputs outputs, CoolingMode mode)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(100))
        {
            Send(new SetState(Link, ++_cmdSeq, compressorPct, outputs, mode));
            Mcu.Advance(100);
        }
    }

    public void Cool(TimeSpan duration, byte compressorPct = 60) =>
        Hold(duration, compressorPct, Outputs.Pump | Outputs.ValveA | Outputs.Fan, CoolingMode.Cool);

    public void Safe(TimeSpan duration) => Hold(duration, 0, Outputs.Fan, CoolingMode.Safe);
}
