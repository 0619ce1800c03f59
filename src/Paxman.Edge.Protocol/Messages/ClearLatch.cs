using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x03 CLEAR_LATCH, host -> MCU (protocol.md, "0x03 CLEAR_LATCH"; safety.md, "The latches"): asks
/// to clear latched faults whose condition is gone. Safety meaning: clearing never turns anything on;
/// <paramref name="ByPerson"/> is true only as the direct result of a person's action at the touchscreen.
/// </summary>
/// <param name="LinkId">1..65535, the current link.</param>
/// <param name="RequestId">1..65535; a retry reuses it.</param>
/// <param name="FaultMask">Fault bits to clear; bits 8..15 must be 0.</param>
/// <param name="ByPerson">False: the host on its own (host-silent only); true: a person acknowledged it.</param>
public readonly record struct ClearLatch(ushort LinkId, ushort RequestId, McuFaults FaultMask, bool ByPerson) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 7;

    /// <inheritdoc/>
    public MessageType Type => MessageType.ClearLatch;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, LinkId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], RequestId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)FaultMask);
        destination[6] = ByPerson ? (byte)1 : (byte)0;
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range (by_person must be 0 or 1).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out ClearLatch message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.ClearLatch, payload))
        {
            message = default;
            return false;
        }

        message = new ClearLatch(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]),
            payload[6] == 1);
        return true;
    }
}
