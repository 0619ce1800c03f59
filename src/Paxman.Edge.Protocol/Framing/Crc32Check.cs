using System.Buffers.Binary;
using System.IO.Hashing;

namespace Paxman.Edge.Protocol;

/// <summary>
/// The frame check: CRC-32 as in IEEE 802.3 / zlib, stored little-endian after type and payload
/// (protocol.md, "The frame check"). Computed with System.IO.Hashing.Crc32, the well-kept library
/// implementation, rather than by hand: a hand-written CRC is one more thing to get subtly wrong.
/// </summary>
public static class Crc32Check
{
    /// <summary>Length of the check in bytes.</summary>
    public const int Length = ProtocolConstants.CheckLength;

    /// <summary>CRC-32 of the ASCII bytes "123456789" (the catalogue's check value).</summary>
    public const uint CheckValue = 0xCBF43926;

    /// <summary>The CRC-32 of a whole correct raw frame including its stored check.</summary>
    public const uint Residue = 0x2144DF1C;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(data);

    /// <summary>Writes the check of <paramref name="data"/> little-endian into <paramref name="destination"/> (4 bytes).</summary>
    public static void Write(ReadOnlySpan<byte> data, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Compute(data));

    /// <summary>True if the last 4 bytes of <paramref name="rawFrame"/> are the CRC-32 of the bytes before them.</summary>
    public static bool IsValid(ReadOnlySpan<byte> rawFrame)
    {
        if (rawFrame.Length < Length)
        {
            return false;
        }

        int dataLength = rawFrame.Length - Length;
        return Compute(rawFrame[..dataLength]) == BinaryPrimitives.ReadUInt32LittleEndian(rawFrame[dataLength..]);
    }
}
