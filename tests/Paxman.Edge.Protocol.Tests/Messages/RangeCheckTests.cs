using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Messages;

/// <summary>The catalogue's ranges (protocol.md, "Message catalogue"): TryRead refuses, IsValid is false, the encoder throws.</summary>
public sealed class RangeCheckTests
{
    private static readonly SetState GoodSetState = new(4660, 1000, 65, Outputs.Pump | Outputs.ValveA | Outputs.Fan, CoolingMode.Cool);
    private static readonly Status GoodStatus = new(1, 1000, 4660, 1, -400, -150, 1520, 1680, 150, 145, ReservoirLevel.Ok, 65, Outputs.Fan | Outputs.CompressorRunning, McuFaults.None, McuFaults.None);
    private static readonly HelloAck GoodHelloAck = new(1, 4660, 1, 1, 2, 3, Capabilities.FlowPerChannel, "PX-SIM-0001", ResetReason.PowerOn, 2000, McuFaults.None);

    public static TheoryData<string, IMessage> InvalidMessages() => new()
    {
        { "compressor_pct", GoodSetState with { CompressorPct = 101 } },
        { "mode", GoodSetState with { Mode = (CoolingMode)2 } },
        { "outputs", GoodSetState with { Outputs = Outputs.CompressorRunning } },
        { "outputs", GoodSetState with { Outputs = (Outputs)0x80 } },
        { "link_id", GoodSetState with { LinkId = 0 } },
        { "cmd_seq", GoodSetState with { CmdSeq = 0 } },
        { "link_id", new Hello(1, 0, 1) },
        { "request_id", new Hello(1, 1, 0) },
        { "link_id", new ClearLatch(0, 1, McuFaults.HostSilent, false) },
        { "request_id", new ClearLatch(1, 0, McuFaults.HostSilent, false) },
        { "fault_mask", new ClearLatch(1, 1, (McuFaults)0x100, true) },
        { "link_id", new GetFaultReport(0, 1) },
        { "request_id", new GetFaultReport(1, 0) },
        { "link_id", GoodHelloAck with { LinkId = 0 } },
        { "request_id", GoodHelloAck with { RequestId = 0 } },
        { "capabilities", GoodHelloAck with { Capabilities = (Capabilities)8 } },
        { "serial", GoodHelloAck with { Serial = "PX SIM" } },
        { "serial", GoodHelloAck with { Serial = "PX-SIM-0001-X" } },
        { "serial", GoodHelloAck with { Serial = "PX-SÏM" } },
        { "serial", GoodHelloAck with { Serial = "PX\0SIM" } },
        { "reset_reason", GoodHelloAck with { ResetReason = (ResetReason)5 } },
        { "max_duration_ms", GoodHelloAck with { MaxDurationMs = 499 } },
        { "max_duration_ms", GoodHelloAck with { MaxDurationMs = 5001 } },
        { "latched", GoodHelloAck with { Latched = (McuFaults)0x8000 } },
        { "reservoir", GoodStatus with { Reservoir = (ReservoirLevel)3 } },
        { "compressor_actual_pct", GoodStatus with { CompressorActualPct = 101 } },
        { "outputs", GoodStatus with { Outputs = (Outputs)0x20 } },
        { "active", GoodStatus with { Active = (McuFaults)0x100 } },
        { "latched", GoodStatus with { Latched = (McuFaults)0x200 } },
        { "request_id", new FaultReport(0, McuFaults.None, McuFaults.None, 0, 0) },
        { "first_fault", new FaultReport(1, McuFaults.None, (McuFaults)0x400, 0, 0) },
        { "request_id", new ClearLatchResult(0, McuFaults.None, McuFaults.None) },
        { "still_latched", new ClearLatchResult(1, McuFaults.None, (McuFaults)0xFF00) },
        { "request_type", new Error(MessageType.Status, 0, ErrorCode.OutOfRange) },
        { "request_type", new Error(0, 0, ErrorCode.OutOfRange) },
        { "code", new Error(MessageType.SetState, 0, 0) },
        { "code", new Error(MessageType.SetState, 0, (ErrorCode)6) },
    };

    public static TheoryData<IMessage> EdgeValidMessages() => new()
    {
        GoodSetState with { CompressorPct = 100, Outputs = (Outputs)0x0F, CmdSeq = uint.MaxValue, LinkId = ushort.MaxValue },
        GoodSetState with { CompressorPct = 0, Outputs = Outputs.None, Mode = CoolingMode.Safe, CmdSeq = 1, LinkId = 1 },
        GoodStatus with { LinkId = 0, LastAppliedCmdSeq = 0, Reservoir = ReservoirLevel.Empty, Outputs = (Outputs)0x1F, Active = (McuFaults)0xFF },
        GoodHelloAck with { Serial = "", MaxDurationMs = 500 },
        GoodHelloAck with { Serial = "ABCDEFGHIJKL", MaxDurationMs = 5000, Capabilities = (Capabilities)7 },
        new Error(MessageType.GetFaultReport, 0, ErrorCode.Latched),
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void Encode_OutOfRangeField_ThrowsNamingTheField(string field, IMessage message)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => AnyMessage.Encode(message));

        Assert.Contains($"field {field} ", error.Message, StringComparison.Ordinal);
        Assert.False((bool)message.GetType().GetProperty("IsValid")!.GetValue(message)!);
    }

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void TryRead_OutOfRangePayload_Refuses(string field, IMessage message)
    {
        // The bytes a faulty sender would put on the wire, framed without the encoder's check.
        var payload = new byte[message.PayloadLength];
        message.WritePayload(payload);
        var wire = new byte[ProtocolConstants.MaxWireFrame];
        int n = FrameEncoder.EncodeUnchecked((byte)message.Type, payload, wire);

        var decoder = new FrameDecoder(FrameDirection.Any);
        ReadOnlySpan<byte> input = wire.AsSpan(0, n);
        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame), "frame checks pass: only the range is wrong");
        Assert.Null(AnyMessage.Read(frame.Type, frame.Payload));
        Assert.False(MessageText.TryFormatWire(wire.AsSpan(0, n), out _, out string? error));
        Assert.Equal("out-of-range " + field, error);
    }

    [Theory]
    [MemberData(nameof(EdgeValidMessages))]
    public void EncodeDecode_EdgeOfRange_RoundTrips(IMessage message)
    {
        Assert.True((bool)message.GetType().GetProperty("IsValid")!.GetValue(message)!);
        Assert.Equal(message, AnyMessage.DecodeWire(AnyMessage.Encode(message)));
    }

    [Fact]
    public void TryRead_ClearLatchByPerson2_Refuses()
    {
        // by_person is a bool in C#, so 2 can only come from the wire.
        byte[] payload = [0x34, 0x12, 0x05, 0x00, 0x01, 0x00, 0x02];

        Assert.False(ClearLatch.TryRead(payload, out _));
        payload[6] = 1;
        Assert.True(ClearLatch.TryRead(payload, out ClearLatch message));
        Assert.True(message.ByPerson);
    }

    [Fact]
    public void TryRead_WrongPayloadLength_Refuses()
    {
        var payload = new byte[SetState.Length];
        GoodSetState.WritePayload(payload);

        Assert.True(SetState.TryRead(payload, out _));
        Assert.False(SetState.TryRead(payload.AsSpan(0, SetState.Length - 1), out _));
        Assert.False(SetState.TryRead([.. payload, 0], out _));
        Assert.False(Status.TryRead(payload, out _));
    }

    [Fact]
    public void TryRead_SerialWithBytesAfterPadding_Refuses()
    {
        var payload = new byte[HelloAck.Length];
        (GoodHelloAck with { Serial = "PX-1" }).WritePayload(payload);
        Assert.True(HelloAck.TryRead(payload, out HelloAck back));
        Assert.Equal("PX-1", back.Serial);

        payload[11 + 6] = (byte)'X'; // "PX-1", NUL, NUL, then a character: not padding

        Assert.False(HelloAck.TryRead(payload, out _));
    }

    [Fact]
    public void WritePayload_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => GoodStatus.WritePayload(new byte[Status.Length - 1]));
    }

    [Fact]
    public void Encode_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => FrameEncoder.Encode(in GoodSetState, new byte[15]));
        Assert.Equal(16, FrameEncoder.Encode(in GoodSetState, new byte[16]));
    }
}
