namespace Paxman.Edge.Protocol;

/// <summary>
/// Builds wire frames (protocol.md, "Frames"): COBS(type | payload | CRC-32 LE) followed by the 0x00
/// delimiter. Allocation-free: the raw frame lives on the stack, and the generic constraint avoids boxing.
/// </summary>
public static class FrameEncoder
{
    /// <summary>
    /// Writes the complete wire frame of <paramref name="message"/>, delimiter included. A destination of
    /// <see cref="ProtocolConstants.MaxWireFrame"/> bytes always suffices.
    /// </summary>
    /// <returns>The number of bytes written (raw frame length + 2).</returns>
    /// <exception cref="ArgumentException">A field is out of range (the message is not valid: a sender never puts
    /// an invalid value on the wire), the type is not in the catalogue, or <paramref name="destination"/> is too small.</exception>
    public static int Encode<T>(in T message, Span<byte> destination)
        where T : struct, IMessage
    {
        MessageType type = message.Type;
        MessageInfo? info = MessageCatalogue.Find((byte)type);
        if (info is null || message.PayloadLength != info.PayloadLength)
        {
            throw new ArgumentException($"Message type 0x{(byte)type:x2} with a {message.PayloadLength}-byte payload is not in the catalogue.", nameof(message));
        }

        Span<byte> raw = stackalloc byte[ProtocolConstants.MaxRawFrame];
        Span<byte> payload = raw.Slice(1, info.PayloadLength);
        message.WritePayload(payload);
        string? bad = info.FirstInvalidField(payload);
        if (bad is not null)
        {
            throw new ArgumentException($"{info.Name}: field {bad} is out of range (protocol.md, \"Message catalogue\").", nameof(message));
        }

        raw[0] = (byte)type;
        return WriteFrame(raw, info.PayloadLength, destination);
    }

    /// <summary>
    /// Frames <paramref name="type"/> and <paramref name="payload"/> without any catalogue or range check
    /// (for the text tools after their own checks, and for tests that build bad frames on purpose).
    /// </summary>
    internal static int EncodeUnchecked(byte type, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (payload.Length > ProtocolConstants.MaxRawFrame - ProtocolConstants.MinRawFrame)
        {
            throw new ArgumentException("The payload is longer than a frame can carry.", nameof(payload));
        }

        Span<byte> raw = stackalloc byte[ProtocolConstants.MaxRawFrame];
        raw[0] = type;
        payload.CopyTo(raw[1..]);
        return WriteFrame(raw, payload.Length, destination);
    }

    /// <summary><paramref name="raw"/> holds type and payload; appends the check, COBS-encodes, adds the delimiter.</summary>
    private static int WriteFrame(Span<byte> raw, int payloadLength, Span<byte> destination)
    {
        int dataLength = 1 + payloadLength;
        int rawLength = dataLength + Crc32Check.Length;
        Crc32Check.Write(raw[..dataLength], raw[dataLength..rawLength]);

        // For raw frames up to 64 bytes COBS adds exactly one byte; the delimiter is one more.
        int wireLength = rawLength + 2;
        if (destination.Length < wireLength)
        {
            throw new ArgumentException($"The destination must hold {wireLength} bytes.", nameof(destination));
        }

        int n = Cobs.Encode(raw[..rawLength], destination);
        destination[n] = 0x00;
        return n + 1;
    }
}
