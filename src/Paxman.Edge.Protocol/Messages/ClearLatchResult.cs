using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>0x84 CLEAR_LATCH_RESULT, MCU -> host (protocol.md, "0x84 CLEAR_LATCH_RESULT"): the answer to CLEAR_LATCH.</summary>
/// <param name="RequestId">1..65535, echo of CLEAR_LATCH.</param>
/// <param name="Cleared">Fault bits this request cleared.</param>
/// <param name="StillLatched">All fault bits latched after it.</param>
public readonly record struct ClearLatchResult(ushort RequestId, McuFaults Cleared, McuFaults StillLatched) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 6;

    /// <inheritdoc/>
    public MessageType Type => MessageType.ClearLatchResult;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, RequestId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)Cleared);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)StillLatched);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out ClearLatchResult message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.ClearLatchResult, payload))
        {
            message = default;
            return false;
        }

        message = new ClearLatchResult(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]));
        return true;
    }
}
