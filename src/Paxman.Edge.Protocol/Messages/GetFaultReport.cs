using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x04 GET_FAULT_REPORT, host -> MCU (protocol.md, "0x04 GET_FAULT_REPORT"): asks for the MCU's
/// fault history. Safety meaning: none; reads only, does not refresh the dead-man.
/// </summary>
/// <param name="LinkId">1..65535, the current link.</param>
/// <param name="RequestId">1..65535; a retry reuses it.</param>
public readonly record struct GetFaultReport(ushort LinkId, ushort RequestId) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 4;

    /// <inheritdoc/>
    public MessageType Type => MessageType.GetFaultReport;

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
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out GetFaultReport message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.GetFaultReport, payload))
        {
            message = default;
            return false;
        }

        message = new GetFaultReport(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]));
        return true;
    }
}
