namespace Paxman.Edge.Protocol;

/// <summary>
/// One message of the catalogue (protocol.md, "Message catalogue"). Implemented by one
/// <c>readonly record struct</c> per type; <see cref="FrameEncoder.Encode{T}(in T, Span{byte})"/> takes it
/// as a constrained generic so that encoding does not box.
/// </summary>
public interface IMessage
{
    /// <summary>The frame's type byte.</summary>
    MessageType Type { get; }

    /// <summary>The fixed payload length of the type, in bytes.</summary>
    int PayloadLength { get; }

    /// <summary>Writes the fields little-endian in catalogue order into the first <see cref="PayloadLength"/> bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="PayloadLength"/>.</exception>
    void WritePayload(Span<byte> destination);
}
