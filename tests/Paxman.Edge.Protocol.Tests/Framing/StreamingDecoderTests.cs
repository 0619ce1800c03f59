using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Framing;

/// <summary>The receiver of protocol.md, "COBS and resynchronisation": garbage, partial and split frames, delimiter runs, over-long runs.</summary>
public sealed class StreamingDecoderTests
{
    private static readonly byte[] Good = VectorFile.ValidNamed("status_cooling").Wire;
    private static readonly byte[] Other = VectorFile.ValidNamed("error_latched").Wire;

    [Fact]
    public void TryDecode_GoodFrame_ReturnsTypeAndPayloadAndConsumesIt()
    {
        var decoder = new FrameDecoder();
        ReadOnlySpan<byte> input = Good;

        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame));

        Assert.True(input.IsEmpty);
        Assert.Equal(MessageType.Status, frame.Type);
        Assert.True(Status.TryRead(frame.Payload, out Status status));
        Assert.Equal(4660, status.LinkId);
        Assert.Equal(1, decoder.FramesGood);
        Assert.Equal(0, decoder.FramesRejected);
    }

    [Fact]
    public void TryDecode_TwoFramesInOneBuffer_ReturnsThemOneByOne()
    {
        var decoder = new FrameDecoder();
        byte[] both = [.. Good, .. Other];
        ReadOnlySpan<byte> input = both;

        Assert.True(decoder.TryDecode(ref input, out DecodedFrame first));
        Assert.Equal(MessageType.Status, first.Type);
        Assert.Equal(Other.Length, input.Length);
        Assert.True(decoder.TryDecode(ref input, out DecodedFrame second));
        Assert.Equal(MessageType.Error, second.Type);
        Assert.False(decoder.TryDecode(ref input, out _));
        Assert.Equal(2, decoder.FramesGood);
    }

    [Fact]
    public void TryDecode_EveryGoldenFrameSplitAtEveryByte_FoundOnceAfterTheSecondPart()
    {
        foreach (VectorLine vector in VectorFile.Valid)
        {
            for (int split = 1; split < vector.Wire.Length; split++)
            {
                var decoder = new FrameDecoder(FrameDirection.Any);
                ReadOnlySpan<byte> first = vector.Wire.AsSpan(0, split);
                ReadOnlySpan<byte> second = vector.Wire.AsSpan(split);

                Assert.False(decoder.TryDecode(ref first, out _));
                Assert.True(first.IsEmpty);
                Assert.True(decoder.TryDecode(ref second, out DecodedFrame frame), $"{vector.Name} split at {split}");
                Assert.Equal(vector.Text, FormatOf(frame));
            }
        }
    }

    [Fact]
    public void TryDecode_WholeVectorStreamByteByByte_FindsEveryFrameInOrder()
    {
        var decoder = new FrameDecoder(FrameDirection.Any);
        var found = new List<string>();
        foreach (byte b in VectorFile.Valid.SelectMany(v => v.Wire))
        {
            ReadOnlySpan<byte> one = [b];
            if (decoder.TryDecode(ref one, out DecodedFrame frame))
            {
                found.Add(FormatOf(frame));
            }
        }

        Assert.Equal(VectorFile.Valid.Select(v => v.Text), found);
        Assert.Equal(0, decoder.FramesRejected);
    }

    [Fact]
    public void TryDecode_GarbageEndedByDelimiterThenGoodFrame_RejectsGarbageAndFindsFrame()
    {
        var decoder = new FrameDecoder();
        byte[] garbage = [0x13, 0x37, 0xff, 0x42, 0x00];
        byte[] stream = [.. garbage, .. Good];
        ReadOnlySpan<byte> input = stream;

        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame));

        Assert.Equal(MessageType.Status, frame.Type);
        Assert.Equal(1, decoder.FramesRejected);
        Assert.Equal(garbage.Length, decoder.BytesDiscarded);
        Assert.NotEqual(FrameRejection.None, decoder.LastRejection);
    }

    [Fact]
    public void TryDecode_PartialFrameMergedWithNextFrame_LosesOnlyThatFrame()
    {
        // protocol.md: garbage without a 0x00 directly before a good frame merges with it; that one
        // frame is rejected and the next one is received.
        var decoder = new FrameDecoder();
        byte[] stream = [.. Good.AsSpan(0, 10), .. Good, .. Other];
        ReadOnlySpan<byte> input = stream;

        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame));

        Assert.Equal(MessageType.Error, frame.Type);
        Assert.Equal(1, decoder.FramesRejected);
        Assert.Equal(10 + Good.Length, decoder.BytesDiscarded);
    }

    [Fact]
    public void TryDecode_RunOfDelimiters_IgnoredSilently()
    {
        var decoder = new FrameDecoder();
        byte[] stream = [.. new byte[100], .. Good, .. new byte[7], .. Other];
        ReadOnlySpan<byte> input = stream;

        Assert.True(decoder.TryDecode(ref input, out _));
        Assert.True(decoder.TryDecode(ref input, out _));
        Assert.False(decoder.TryDecode(ref input, out _));

        Assert.Equal(2, decoder.FramesGood);
        Assert.Equal(0, decoder.FramesRejected);
        Assert.Equal(0, decoder.BytesDiscarded);
    }

    [Theory]
    [InlineData(66)]
    [InlineData(67)]
    [InlineData(100)]
    [InlineData(10_000)]
    public void TryDecode_RunLongerThan65BytesWithoutDelimiter_CountsOneTooLongAndResynchronises(int run)
    {
        var decoder = new FrameDecoder();
        byte[] noise = Enumerable.Repeat((byte)0x5a, run).ToArray();

        // In pieces, as a UART delivers it.
        for (int at = 0; at < noise.Length; at += 7)
        {
            ReadOnlySpan<byte> piece = noise.AsSpan(at, Math.Min(7, noise.Length - at));
            Assert.False(decoder.TryDecode(ref piece, out _));
        }

        byte[] rest = [0x00, .. Good];
        ReadOnlySpan<byte> input = rest;

        Assert.True(decoder.TryDecode(ref input, out DecodedFrame frame));
        Assert.Equal(MessageType.Status, frame.Type);
        Assert.Equal(1, decoder.RejectedBy(FrameRejection.Oversize));
        Assert.Equal(1, decoder.FramesRejected);
        Assert.Equal(run + 1, decoder.BytesDiscarded);
        Assert.Equal(FrameRejection.Oversize, decoder.LastRejection);
    }

    [Fact]
    public void TryDecode_Exactly65EncodedBytes_IsCheckedNotTooLong()
    {
        var decoder = new FrameDecoder();
        byte[] stream = [.. Enumerable.Repeat((byte)0x01, 65), 0x00];
        ReadOnlySpan<byte> input = stream;

        Assert.False(decoder.TryDecode(ref input, out _));

        Assert.Equal(0, decoder.RejectedBy(FrameRejection.Oversize));
        Assert.Equal(1, decoder.RejectedBy(FrameRejection.CheckMismatch));
    }

    [Fact]
    public void RejectedBy_OneFrameOfEachReason_CountsEachOnce()
    {
        var decoder = new FrameDecoder(FrameDirection.Any);
        string[] names = ["check_bit_flipped", "cobs_block_past_end", "four_bytes_only", "type_0x05_unknown", "set_state_payload_8_bytes", "seventy_bytes"];
        byte[] stream = [.. names.SelectMany(n => VectorFile.InvalidNamed(n).Wire), .. Good];
        ReadOnlySpan<byte> input = stream;

        Assert.True(decoder.TryDecode(ref input, out _));

        foreach (FrameRejection reason in new[] { FrameRejection.CheckMismatch, FrameRejection.CobsInvalid, FrameRejection.TooShort, FrameRejection.UnknownType, FrameRejection.WrongLength, FrameRejection.Oversize })
        {
            Assert.Equal(1, decoder.RejectedBy(reason));
        }

        Assert.Equal(0, decoder.RejectedBy(FrameRejection.None));
        Assert.Equal(6, decoder.FramesRejected);
        Assert.Equal(stream.Length - Good.Length, decoder.BytesDiscarded);
    }

    [Fact]
    public void Reset_AfterPartialFrameAndRejections_DropsStateAndCounters()
    {
        var decoder = new FrameDecoder();
        byte[] stream = [0x01, 0x00, .. Good.AsSpan(0, 20)];
        ReadOnlySpan<byte> input = stream;
        Assert.False(decoder.TryDecode(ref input, out _));

        decoder.Reset();
        input = Good;

        Assert.True(decoder.TryDecode(ref input, out _));
        Assert.Equal(0, decoder.FramesRejected);
        Assert.Equal(0, decoder.BytesDiscarded);
        Assert.Equal(FrameRejection.None, decoder.LastRejection);
        Assert.Equal(1, decoder.FramesGood);
    }

    [Fact]
    public void TryDecode_EmptyInput_ReturnsFalse()
    {
        var decoder = new FrameDecoder();
        ReadOnlySpan<byte> input = [];

        Assert.False(decoder.TryDecode(ref input, out DecodedFrame frame));
        Assert.True(frame.Payload.IsEmpty);
    }

    [Fact]
    public void Constructor_AcceptingNothing_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameDecoder(FrameDirection.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameDecoder((FrameDirection)4));
    }

    private static string FormatOf(DecodedFrame frame) => AnyMessage.Format(AnyMessage.Read(frame.Type, frame.Payload)!);
}
