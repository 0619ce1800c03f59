using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x82 STATUS, MCU -> host (protocol.md, "0x82 STATUS"): sent every 100 ms from the MCU's own timer.
/// It acknowledges SET_STATE (<see cref="LastAppliedCmdSeq"/>), shows what actually runs, and is the
/// MCU's liveness signal; only a STATUS that passes every frame and range check counts for link health.
/// </summary>
/// <param name="StatusSeq">+1 per STATUS, wraps 65535 -> 0.</param>
/// <param name="UptimeMs">Milliseconds since the MCU started; wraps after 49.7 days.</param>
/// <param name="LinkId">Current link; 0 before any HELLO.</param>
/// <param name="LastAppliedCmdSeq">cmd_seq of the last applied SET_STATE of this link; 0 if none.</param>
/// <param name="SupplyCc">Coolant supply, 0.01 C; <see cref="ProtocolConstants.TemperatureNotAvailable"/> = no reading.</param>
/// <param name="ReturnCc">Coolant return, 0.01 C; -32768 = no reading.</param>
/// <param name="ReturnACc">Channel A return, 0.01 C; -32768 = no reading or not fitted.</param>
/// <param name="ReturnBCc">Channel B return, 0.01 C; -32768 = no reading or not fitted.</param>
/// <param name="FlowAClpm">Channel A flow, 0.01 L/min; 0 if not fitted.</param>
/// <param name="FlowBClpm">Channel B flow, 0.01 L/min; 0 if not fitted.</param>
/// <param name="Reservoir">Reservoir level; ok if not fitted.</param>
/// <param name="CompressorActualPct">Compressor speed actually running, 0..100 %.</param>
/// <param name="Outputs">Outputs actually driven, including <see cref="Outputs.CompressorRunning"/>; bits 5..7 reserved.</param>
/// <param name="Active">Fault conditions present now (debounced).</param>
/// <param name="Latched">Faults latched now.</param>
public readonly record struct Status(
    ushort StatusSeq,
    uint UptimeMs,
    ushort LinkId,
    uint LastAppliedCmdSeq,
    short SupplyCc,
    short ReturnCc,
    short ReturnACc,
    short ReturnBCc,
    ushort FlowAClpm,
    ushort FlowBClpm,
    ReservoirLevel Reservoir,
    byte CompressorActualPct,
    Outputs Outputs,
    McuFaults Active,
    McuFaults Latched) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 31;

    /// <inheritdoc/>
    public MessageType Type => MessageType.Status;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, StatusSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[2..], UptimeMs);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], LinkId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], LastAppliedCmdSeq);
        BinaryPrimitives.WriteInt16LittleEndian(destination[12..], SupplyCc);
        BinaryPrimitives.WriteInt16LittleEndian(destination[14..], ReturnCc);
        BinaryPrimitives.WriteInt16LittleEndian(destination[16..], ReturnACc);
        BinaryPrimitives.WriteInt16LittleEndian(destination[18..], ReturnBCc);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], FlowAClpm);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], FlowBClpm);
        destination[24] = (byte)Reservoir;
        destination[25] = CompressorActualPct;
        destination[26] = (byte)Outputs;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[27..], (ushort)Active);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[29..], (ushort)Latched);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out Status message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.Status, payload))
        {
            message = default;
            return false;
        }

        message = new Status(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            BinaryPrimitives.ReadInt16LittleEndian(payload[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(payload[14..]),
            BinaryPrimitives.ReadInt16LittleEndian(payload[16..]),
            BinaryPrimitives.ReadInt16LittleEndian(payload[18..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[20..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[22..]),
            (ReservoirLevel)payload[24],
            payload[25],
            (Outputs)payload[26],
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[27..]),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[29..]));
        return true;
    }
}
