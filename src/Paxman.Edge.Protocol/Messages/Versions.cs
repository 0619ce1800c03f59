using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x90 VERSIONS, MCU -> host (protocol.md, "0x90 VERSIONS", document version 1.1): the answer to GET_VERSIONS, the
/// range of protocol versions the MCU speaks. The host sends HELLO with the highest version both sides speak.
/// </summary>
/// <param name="RequestId">Echo of GET_VERSIONS, any value.</param>
/// <param name="MinProtoVersion">Lowest protocol version the MCU speaks, 1..65535.</param>
/// <param name="MaxProtoVersion">Highest protocol version the MCU speaks, 1..65535, not below the lowest.</param>
public readonly record struct Versions(ushort RequestId, ushort MinProtoVersion, ushort MaxProtoVersion) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 6;

    /// <inheritdoc/>
    public MessageType Type => MessageType.Versions;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range and the range is not upside down.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null && MaxProtoVersion >= MinProtoVersion;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, RequestId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], MinProtoVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], MaxProtoVersion);
    }

    /// <summary>
    /// Reads a payload; false if its length is wrong, a field is out of range, or the range is upside down (a host
    /// ignores such a frame: protocol.md, "0x90 VERSIONS"; the one rule across fields, as the C codec has it).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Versions message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.Versions, payload))
        {
            message = default;
            return false;
        }

        message = new Versions(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]));
        if (message.MaxProtoVersion < message.MinProtoVersion)
        {
            message = default;
            return false;
        }

        return true;
    }
}
