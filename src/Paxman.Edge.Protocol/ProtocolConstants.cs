namespace Paxman.Edge.Protocol;

/// <summary>Fixed sizes and values of protocol version 1 (protocol.md, "Frames").</summary>
public static class ProtocolConstants
{
    /// <summary>The protocol version this codec speaks (protocol.md, "The version handshake").</summary>
    public const ushort Version = 1;

    /// <summary>Largest raw frame: type + payload + check (protocol.md, "Frames").</summary>
    public const int MaxRawFrame = 64;

    /// <summary>Largest frame on the wire: COBS adds one byte, the delimiter another. A buffer of this size always fits one frame.</summary>
    public const int MaxWireFrame = 66;

    /// <summary>Length of HELLO_ACK's serial field in bytes.</summary>
    public const int SerialLength = 12;

    /// <summary>The i16 temperature value meaning "no reading" (STATUS; it is never a temperature).</summary>
    public const short TemperatureNotAvailable = short.MinValue;

    /// <summary>Smallest raw frame: a type byte and the 4-byte check.</summary>
    public const int MinRawFrame = 5;

    /// <summary>Length of the CRC-32 check at the end of a raw frame.</summary>
    public const int CheckLength = 4;

    /// <summary>Longest encoded frame before the delimiter: the receive buffer size (protocol.md, "COBS and resynchronisation").</summary>
    public const int MaxEncodedFrame = MaxWireFrame - 1;
}
