using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x81 HELLO_ACK, MCU -> host (protocol.md, "0x81 HELLO_ACK"): the answer to HELLO. Its layout is
/// frozen across protocol versions (protocol.md, "The version handshake").
/// </summary>
/// <param name="McuProtoVersion">Protocol version of the MCU.</param>
/// <param name="LinkId">1..65535, echo of HELLO.</param>
/// <param name="RequestId">1..65535, echo of HELLO.</param>
/// <param name="FwMajor">Firmware version, major.</param>
/// <param name="FwMinor">Firmware version, minor.</param>
/// <param name="FwPatch">Firmware version, patch.</param>
/// <param name="Capabilities">Which optional sensors are fitted; bits 3..15 reserved.</param>
/// <param name="Serial">Unit serial: 0..12 printable ASCII characters 0x21..0x7E (no space), NUL-padded on the wire.</param>
/// <param name="ResetReason">Why the MCU last started.</param>
/// <param name="MaxDurationMs">The dead-man time, 500..5000 ms; a firmware constant.</param>
/// <param name="Latched">Fault bits latched now.</param>
public readonly record struct HelloAck(
    ushort McuProtoVersion,
    ushort LinkId,
    ushort RequestId,
    byte FwMajor,
    byte FwMinor,
    byte FwPatch,
    Capabilities Capabilities,
    string Serial,
    ResetReason ResetReason,
    ushort MaxDurationMs,
    McuFaults Latched) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 28;

    private const int SerialOffset = 11;

    /// <inheritdoc/>
    public MessageType Type => MessageType.HelloAck;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range, including the serial's characters and length.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    /// <remarks>
    /// A serial that the wire cannot carry (longer than 12, or a character outside 0x21..0x7E) is
    /// written as 0xFF bytes, which no receiver accepts; the encoder refuses such a message.
    /// A null serial (a default struct) is written as empty.
    /// </remarks>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, McuProtoVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], LinkId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], RequestId);
        destination[6] = FwMajor;
        destination[7] = FwMinor;
        destination[8] = FwPatch;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[9..], (ushort)Capabilities);
        WriteSerial(Serial ?? string.Empty, destination.Slice(SerialOffset, ProtocolConstants.SerialLength));
        destination[23] = (byte)ResetReason;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[24..], MaxDurationMs);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[26..], (ushort)Latched);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out HelloAck message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.HelloAck, payload))
        {
            message = default;
            return false;
        }

        message = new HelloAck(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]),
            payload[6],
            payload[7],
            payload[8],
            (Capabilities)BinaryPrimitives.ReadUInt16LittleEndian(payload[9..]),
            ReadSerial(payload.Slice(SerialOffset, ProtocolConstants.SerialLength)),
            (ResetReason)payload[23],
            BinaryPrimitives.ReadUInt16LittleEndian(payload[24..]),
            (McuFaults)BinaryPrimitives.ReadUInt16LittleEndian(payload[26..]));
        return true;
    }

    private static void WriteSerial(string serial, Span<byte> field)
    {
        field.Clear();
        if (serial.Length > field.Length)
        {
            field.Fill(0xFF);
            return;
        }

        for (int i = 0; i < serial.Length; i++)
        {
            char c = serial[i];
            field[i] = c is >= '\x21' and <= '\x7E' ? (byte)c : (byte)0xFF;
        }
    }

    // Already validated: printable ASCII up to the first NUL (or all 12 bytes).
    private static string ReadSerial(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        ReadOnlySpan<byte> text = end < 0 ? field : field[..end];
        return System.Text.Encoding.ASCII.GetString(text);
    }
}
