using BenchmarkDotNet.Attributes;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// The codec on the control path: encoding SET_STATE and STATUS, and decoding STATUS from a receive
/// buffer as the serial reader would. Per-frame time and allocation (expected 0 B).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CodecBenchmarks
{
    private const int FramesInStream = 100;

    private readonly byte[] _wire = new byte[ProtocolConstants.MaxWireFrame];
    private readonly FrameDecoder _decoder = new();
    private SetState _setState;
    private Status _status;
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup()
    {
        _setState = new SetState(4660, 1000, 65, Outputs.Pump | Outputs.ValveA | Outputs.Fan, CoolingMode.Cool);
        _status = new Status(1234, 3_600_000, 4660, 36_000, -400, -150, 1520, 1680, 150, 145, ReservoirLevel.Ok, 65, Outputs.Pump | Outputs.ValveA | Outputs.Fan | Outputs.CompressorRunning, McuFaults.None, McuFaults.None);
        var stream = new List<byte>();
        for (int i = 0; i < FramesInStream; i++)
        {
            Status status = _status with { StatusSeq = (ushort)i, UptimeMs = (uint)(i * 100) };
            int n = FrameEncoder.Encode(in status, _wire);
            stream.AddRange(_wire.AsSpan(0, n));
        }

        _stream = [.. stream];
    }

    [Benchmark]
    public int EncodeSetState() => FrameEncoder.Encode(in _setState, _wire);

    [Benchmark]
    public int EncodeStatus() => FrameEncoder.Encode(in _status, _wire);

    /// <summary>Decodes a buffer of 100 STATUS frames: frame checks and TryRead. Reported per frame.</summary>
    [Benchmark(OperationsPerInvoke = FramesInStream)]
    public long DecodeStatusStream()
    {
        ReadOnlySpan<byte> input = _stream;
        long sum = 0;
        while (_decoder.TryDecode(ref input, out DecodedFrame frame))
        {
            if (frame.Type == MessageType.Status && Status.TryRead(frame.Payload, out Status status))
            {
                sum += status.StatusSeq;
            }
        }

        return sum;
    }
}
