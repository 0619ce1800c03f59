using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x01 HELLO, host -> MCU (protocol.md, "0x01 HELLO"): opens a new link, or is a retry of the HELLO
/// that opened the current one. Safety meaning: ends whatever the previous link was doing.
/// </summary>
/// <param name="HostProtoVersion">Protocol version of the host; <see cref="ProtocolConstants.Version"/>.</param>
/// <param name="LinkId">1..65535, chosen by the host, different from the link the MCU reports.</param>
/// <param name="RequestId">1..65535, echoed in HELLO_ACK.</param>
public readonly record struct Hello(ushort HostProtoVersion, ushort LinkId, ushort RequestId) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 6;

    /// <inheritdoc/>
    public MessageType Type => MessageType.Hello;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range (non-zero link_id and request_id).</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, HostProtoVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], LinkId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], RequestId);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Hello message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.Hello, payload))
        {
            message = default;
            return false;
        }

        message = new Hello(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]));
        return true;
    }
}
