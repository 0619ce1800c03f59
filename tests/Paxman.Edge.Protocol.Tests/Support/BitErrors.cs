namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>Bit-error helpers. Bits are numbered in transmission order: byte 0 first, least significant bit first (protocol.md, "Physical layer").</summary>
internal static class BitErrors
{
    public static void Flip(Span<byte> data, int bit) => data[bit >> 3] ^= (byte)(1 << (bit & 7));

    /// <summary>XORs the low <paramref name="length"/> bits of <paramref name="pattern"/> into <paramref name="data"/> from bit <paramref name="position"/> on.</summary>
    public static void ApplyBurst(Span<byte> data, int position, int length, uint pattern)
    {
        for (int b = 0; b < length; b++)
        {
            if ((pattern & (1u << b)) != 0)
            {
                Flip(data, position + b);
            }
        }
    }

    /// <summary>True if the decoder accepts any frame from the bytes, fed between two 0x00 so every piece is judged.</summary>
    public static bool AnyAccepted(FrameDecoder decoder, ReadOnlySpan<byte> wire)
    {
        ReadOnlySpan<byte> delimiter = [0x00];
        bool accepted = false;
        ReadOnlySpan<byte> input = delimiter;
        accepted |= decoder.TryDecode(ref input, out _);
        input = wire;
        while (!input.IsEmpty)
        {
            accepted |= decoder.TryDecode(ref input, out _);
        }

        input = delimiter;
        accepted |= decoder.TryDecode(ref input, out _);
        return accepted;
    }

    /// <summary>Re-frames a raw frame (type, payload, check) as it would go on the wire, without recomputing the check.</summary>
    public static int WireOfRaw(ReadOnlySpan<byte> raw, Span<byte> wire)
    {
        int n = Cobs.Encode(raw, wire);
        wire[n] = 0x00;
        return n + 1;
    }

    /// <summary>The raw frame inside a golden wire frame.</summary>
    public static byte[] RawOf(byte[] wire)
    {
        var raw = new byte[ProtocolConstants.MaxRawFrame];
        Assert.Equal(System.Buffers.OperationStatus.Done, Cobs.Decode(wire.AsSpan(0, wire.Length - 1), raw, out int n));
        return raw[..n];
    }
}
