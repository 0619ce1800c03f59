using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x83 FAULT_REPORT, MCU -> host (protocol.md, "0x83 FAULT_REPORT"): the fault history, kept until
/// the MCU resets.
/// </summary>
/// <param name="RequestId">1..65535, echo of GET_FAULT_REPORT.</param>
/// <param name="Latched">Fault bits latched now.</param>
/// <param name="FirstFault">Fault bit(s) that latched first in the latest episode; none if none since start.</param>
/// <param name="FirstFaultUptimeMs">uptime_ms when <paramref name="FirstFault"/> latched; 0 if none.</param>
/// <param name="TripCount">Latch events since the MCU started, saturating at 65535.</param>
public readonly record struct FaultReport(ushort RequestId, McuFaults Latched, McuFaults FirstFault, uint FirstFaultUptimeMs, ushort TripCount) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 12;

    /// <inheritdoc/>
    public MessageType Type => MessageType.FaultReport;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, RequestId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)Latched);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)FirstFault);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[6..], FirstFaultUptimeMs);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], TripCount);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out FaultReport message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.FaultReport, payload))
        {
            message = default;
            return false;
        }

        message = new FaultReport(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]));
        return true;
    }
}
