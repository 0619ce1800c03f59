namespace Paxman.Edge.Protocol;

/// <summary>
/// A frame that passed every frame check (protocol.md, "Rejecting a frame"). Its fields are not yet
/// range-checked: read them with the type's <c>TryRead</c>, e.g. <see cref="Status.TryRead(ReadOnlySpan{byte}, out Status)"/>.
/// The payload points into the decoder's buffer and stays valid until the decoder's next call.
/// </summary>
public readonly ref struct DecodedFrame
{
    internal DecodedFrame(MessageType type, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    /// <summary>The frame's type byte; a catalogue type the decoder accepts.</summary>
    public MessageType Type { get; }

    /// <summary>The payload, exactly the type's fixed length.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
