using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// 0x10 GET_VERSIONS, host -> MCU (protocol.md, "0x10 GET_VERSIONS", document version 1.1): asks which protocol
/// versions the MCU speaks, with or without a link. Safety meaning: none; reads only, does not refresh the dead-man.
/// A 1.0 MCU rejects the type (unknown-type) and never answers: the host then takes it as speaking version 1 only.
/// </summary>
/// <param name="RequestId">Any value, echoed; a retry reuses it. Never refused, so ERROR never names this type.</param>
public readonly record struct GetVersions(ushort RequestId) : IMessage
{
    /// <summary>Payload length in bytes.</summary>
    public const int Length = 2;

    /// <inheritdoc/>
    public MessageType Type => MessageType.GetVersions;

    /// <inheritdoc/>
    public int PayloadLength => Length;

    /// <summary>True if every field is in the catalogue's range.</summary>
    public bool IsValid => MessageCatalogue.FirstInvalidField(in this) is null;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        PayloadGuard.EnsureRoom(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, RequestId);
    }

    /// <summary>Reads a payload; false if its length is wrong or a field is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out GetVersions message)
    {
        if (!MessageCatalogue.IsValidPayload(MessageCatalogue.GetVersions, payload))
        {
            message = default;
            return false;
        }

        message = new GetVersions(BinaryPrimitives.ReadUInt16LittleEndian(payload));
        return true;
    }
}
