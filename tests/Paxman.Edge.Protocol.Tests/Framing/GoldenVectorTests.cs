using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>The golden frames of firmware-protocol/test-vectors: this codec agrees with them byte for byte.</summary>
public sealed class GoldenVectorTests
{
    public static TheoryData<string> Valid => VectorFile.ValidNames();

    public static TheoryData<string> Invalid => VectorFile.InvalidNames();

    [Fact]
    public void VectorFiles_Loaded_CoverEveryTypeTwiceAndEveryReason()
    {
        var types = VectorFile.Valid.Select(v => AnyMessage.DecodeWire(v.Wire)?.Type).ToList();
        foreach (MessageType type in Enum.GetValues<MessageType>())
        {
            Assert.True(types.Count(t => t == type) >= 2, $"fewer than 2 vectors of {type}");
        }

        Assert.True(VectorFile.Invalid.Count >= 6);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Decode_GoldenFrame_GivesItsCanonicalText(string name)
    {
        VectorLine vector = VectorFile.ValidNamed(name);

        var decoder = new FrameDecoder(FrameDirection.Any);
        ReadOnlySpan<byte> input = vector.Wire;
        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame), $"{name} rejected: {decoder.LastRejection}");
        Assert.True(input.IsEmpty);
        IMessage? message = AnyMessage.Read(frame.Type, frame.Payload);

        Assert.NotNull(message);
        Assert.Equal(vector.Text, AnyMessage.Format(message));
        Assert.True(MessageText.TryFormatWire(vector.Wire, out string text, out string? error), error);
        Assert.Equal(vector.Text, text);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Encode_ParsedGoldenText_ReproducesTheFrameByteForByte(string name)
    {
        VectorLine vector = VectorFile.ValidNamed(name);

        Assert.True(MessageText.TryParse(vector.Text, out byte[] fromText, out string? error), error);
        IMessage message = AnyMessage.DecodeWire(vector.Wire)!;
        byte[] fromStruct = AnyMessage.Encode(message);

        Assert.Equal(Convert.ToHexStringLower(vector.Wire), Convert.ToHexStringLower(fromText));
        Assert.Equal(Convert.ToHexStringLower(vector.Wire), Convert.ToHexStringLower(fromStruct));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_InvalidFrame_IsRejectedForItsStatedReason(string name)
    {
        VectorLine vector = VectorFile.InvalidNamed(name);
        string expected = vector.Text["ERROR ".Length..];

        // What pxcodec prints, from the one-shot path.
        Assert.False(MessageText.TryFormatWire(vector.Wire, out _, out string? error));
        Assert.Equal(expected, error);

        // The streaming receiver never hands out a typed message for it.
        var decoder = new FrameDecoder(FrameDirection.Any);
        ReadOnlySpan<byte> input = vector.Wire;
        if (decoder.TryDecode(ref input, out DecodedFrame frame))
        {
            // Only frames refused for their content pass the frame checks; TryRead refuses them.
            Assert.StartsWith("out-of-range ", expected, StringComparison.Ordinal);
            Assert.Null(AnyMessage.Read(frame.Type, frame.Payload));
        }
        else
        {
            Assert.Equal(1, decoder.FramesRejected);
            Assert.Equal(expected, decoder.LastRejection.ToReasonName());
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_InvalidFrame_ItsReceiverRejectsItForItsReasonAndTheOtherSideForItsType(string name)
    {
        VectorLine vector = VectorFile.InvalidNamed(name);
        string expected = vector.Text["ERROR ".Length..];
        (FrameDirection receiver, FrameDirection? other) = vector.Receiver switch
        {
            "mcu" => (FrameDirection.ToMcu, FrameDirection.ToHost),
            "host" => (FrameDirection.ToHost, (FrameDirection?)FrameDirection.ToMcu),
            "any" => (FrameDirection.Any, null),
            var r => throw new InvalidDataException($"{name}: receiver '{r}' is not mcu, host or any"),
        };

        var decoder = new FrameDecoder(receiver);
        ReadOnlySpan<byte> input = vector.Wire;
        if (decoder.TryDecode(ref input, out DecodedFrame frame))
        {
            Assert.StartsWith("out-of-range ", expected, StringComparison.Ordinal);
            Assert.Null(AnyMessage.Read(frame.Type, frame.Payload));
        }
        else
        {
            Assert.Equal(expected, decoder.LastRejection.ToReasonName());
        }

        if (other is { } side)
        {
            var wrongSide = new FrameDecoder(side);
            input = vector.Wire;
            Assert.False(wrongSide.TryDecode(ref input, out _));
            Assert.Equal(FrameRejection.UnknownType, wrongSide.LastRejection);
        }
    }

    [Fact]
    public void Decode_HostDecoderGivenHostToMcuFrame_RejectsAsUnknownType()
    {
        // A TX line looped back onto RX (protocol.md, "Rejecting a frame").
        var decoder = new FrameDecoder();
        ReadOnlySpan<byte> input = VectorFile.ValidNamed("set_state_cooling").Wire;

        Assert.False(decoder.TryDecode(ref input, out _));
        Assert.Equal(FrameRejection.UnknownType, decoder.LastRejection);
    }

    [Fact]
    public void Decode_McuDecoderGivenStatus_RejectsAsUnknownType()
    {
        var decoder = new FrameDecoder(FrameDirection.ToMcu);
        ReadOnlySpan<byte> input = VectorFile.ValidNamed("status_cooling").Wire;

        Assert.False(decoder.TryDecode(ref input, out _));
        Assert.Equal(1, decoder.RejectedBy(FrameRejection.UnknownType));
    }

    [Fact]
    public void Encode_WorkedExampleOfProtocolMd_GivesTheDocumentedBytes()
    {
        var message = new SetState(4660, 1000, 65, Outputs.Pump | Outputs.ValveA | Outputs.Fan, CoolingMode.Cool);
        Span<byte> wire = stackalloc byte[ProtocolConstants.MaxWireFrame];

        int n = FrameEncoder.Encode(in message, wire);

        Assert.Equal("06023412e8030108410b01b78b4cf900", Convert.ToHexStringLower(wire[..n]));
    }
}
