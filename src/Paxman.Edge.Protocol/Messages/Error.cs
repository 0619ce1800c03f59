using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x85 ERROR, MCU -> host (protocol.md, "0x85 ERROR"): the answer to a valid frame the MCU refused.
/// Frames that fail the frame checks are never answered. Its layout is frozen across versions.
/// </summary>
/// <param name="RequestType">Type of the refused frame, a host -> MCU type (0x01..0x04).</param>
/// <param name="RequestId">Its request_id; 0 for SET_STATE, which has none.</param>
/// <param name="Code">Why it was refused.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The catalogue's name (protocol.md, 0x85 ERROR); C# is the only consumer.")]
public readonly record struct Error(MessageType RequestType, ushort RequestId, ErrorCode Code) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 4;

    /// <inheritdoc/>
    public MessageType Type => MessageType.Error;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        destination[0] = (byte)RequestType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], RequestId);
        destination[3] = (byte)Code;
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Error message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.Error, payload))
        {
            message = default;
            return false;
        }

        message = new Error((MessageType)payload[0], BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]), (ErrorCode)payload[3]);
        return true;
    }
}
