using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x02 SET_STATE, host -> MCU (protocol.md, "0x02 SET_STATE"): the full desired state, sent every
/// 100 ms; also the heartbeat. Safety meaning: the only message that can turn the compressor, pump or
/// a valve on; with <see cref="CoolingMode.Safe"/> only the fan bit is honoured.
/// </summary>
/// <param name="LinkId">1..65535, the current link.</param>
/// <param name="CmdSeq">1..4294967295; 1 for the link's first, +1 per command.</param>
/// <param name="CompressorPct">Compressor speed, 0..100 %.</param>
/// <param name="Outputs">Pump, valves and fan (bits 0..3); <see cref="Outputs.CompressorRunning"/> and bits 5..7 must be clear.</param>
/// <param name="Mode">SAFE or COOL.</param>
public readonly record struct SetState(ushort LinkId, uint CmdSeq, byte CompressorPct, Outputs Outputs, CoolingMode Mode) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 9;

    /// <inheritdoc/>
    public MessageType Type => MessageType.SetState;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, LinkId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[2..], CmdSeq);
        destination[6] = CompressorPct;
        destination[7] = (byte)Outputs;
        destination[8] = (byte)Mode;
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out SetState message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.SetState, payload))
        {
            message = default;
            return false;
        }

        message = new SetState(
            BinaryPrimitives.ReadUInt16LittleEndian(payload),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[2..]),
            payload[6],
            (Outputs)payload[7],
            (CoolingMode)payload[8]);
        return true;
    }
}
