namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>The control path runs every 100 ms for hours: encoding and decoding must not allocate.</summary>
public sealed class AllocationTests
{
    private const int Loops = 10_000;

    [Fact]
    public void EncodeAndDecode_SetStateAndStatusSteadyState_AllocateNothing()
    {
        var setState = new SetState(4660, 1, 65, Outputs.Pump | Outputs.ValveA | Outputs.Fan, CoolingMode.Cool);
        var status = new Status(1, 1000, 4660, 1, -400, -150, 1520, ProtocolConstants.TemperatureNotAvailable, 150, 145, ReservoirLevel.Ok, 65, Outputs.Pump | Outputs.CompressorRunning, McuFaults.None, McuFaults.None);
        var toMcu = new FrameDecoder(FrameDirection.ToMcu);
        var toHost = new FrameDecoder(FrameDirection.ToHost);
        byte[] wire = new byte[ProtocolConstants.MaxWireFrame];
        long checksum = RunLoops(100, setState, status, toMcu, toHost, wire); // warm-up: JIT, tiering, statics

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunLoops(Loops, setState, status, toMcu, toHost, wire);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal((Loops + 100) * 2L, checksum);
        Assert.Equal(Loops + 100, toMcu.FramesGood);
        Assert.Equal(Loops + 100, toHost.FramesGood);
    }

    private static long RunLoops(int loops, SetState setState, Status status, FrameDecoder toMcu, FrameDecoder toHost, byte[] wire)
    {
        long decoded = 0;
        for (int i = 0; i < loops; i++)
        {
            SetState command = setState with { CmdSeq = (uint)(i + 1) };
            int n = FrameEncoder.Encode(in command, wire);
            ReadOnlySpan<byte> input = wire.AsSpan(0, n);
            if (toMcu.TryDecode(ref input, out DecodedFrame frame) && SetState.TryRead(frame.Payload, out SetState back) && back == command)
            {
                decoded++;
            }

            Status report = status with { StatusSeq = (ushort)i };
            n = FrameEncoder.Encode(in report, wire);
            input = wire.AsSpan(0, n);
            if (toHost.TryDecode(ref input, out frame) && Status.TryRead(frame.Payload, out Status read) && read == report)
            {
                decoded++;
            }
        }

        return decoded;
    }
}
