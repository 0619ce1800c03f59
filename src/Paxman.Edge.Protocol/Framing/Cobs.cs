using System.Buffers;

namespace Paxman.Edge.Protocol;

/// <summary>
/// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999; protocol.md, "COBS and
/// resynchronisation"). Written by hand: .NET has no COBS, and no well-kept package provides one.
/// It mirrors firmware-protocol/c/src/px_cobs.c and is checked against the golden vectors and the C tool.
/// </summary>
public static class Cobs
{
    /// <summary>Largest encoded length for <paramref name="length"/> input bytes: one code byte per started 254-byte block.</summary>
    public static int GetMaxEncodedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length + (length / 254) + 1;
    }

    /// <summary>
    /// Encodes <paramref name="source"/> in the minimal form (a full 254-byte block at the very end is not
    /// followed by an empty block). The output contains no 0x00; the delimiter is not written.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetMaxEncodedLength(int)"/>.</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < GetMaxEncodedLength(source.Length))
        {
            throw new ArgumentException("The destination is too small for the encoded data.", nameof(destination));
        }

        int codeAt = 0; // where the current block's code byte goes
        int written = 1; // the code byte is reserved
        byte code = 1; // 1 + data bytes in the current block
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == 0)
            {
                // Close the block; its code implies the zero.
                destination[codeAt] = code;
                code = 1;
                codeAt = written++;
                continue;
            }

            destination[written++] = b;
            code++;
            if (code == 0xFF && i + 1 < source.Length)
            {
                // 254 data bytes: a full block with no implied zero; open a new one only if input remains.
                destination[codeAt] = code;
                code = 1;
                codeAt = written++;
            }
        }

        destination[codeAt] = code;
        return written;
    }

    /// <summary>
    /// Decodes one encoded frame given without its delimiter. Invalid (<see cref="OperationStatus.InvalidData"/>)
    /// if it is empty, contains a 0x00, or a block runs past its end. Accepts the non-minimal form too.
    /// </summary>
    /// <returns><see cref="OperationStatus.Done"/>, <see cref="OperationStatus.InvalidData"/>, or
    /// <see cref="OperationStatus.DestinationTooSmall"/> if the decoded data would not fit.</returns>
    public static OperationStatus Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.InvalidData;
        }

        int i = 0;
        int n = 0;
        while (i < source.Length)
        {
            int code = source[i++];
            if (code == 0 || code - 1 > source.Length - i)
            {
                written = 0;
                return OperationStatus.InvalidData;
            }

            ReadOnlySpan<byte> block = source.Slice(i, code - 1);
            if (block.Contains((byte)0))
            {
                written = 0;
                return OperationStatus.InvalidData;
            }

            if (block.Length > destination.Length - n)
            {
                written = 0;
                return OperationStatus.DestinationTooSmall;
            }

            block.CopyTo(destination[n..]);
            n += block.Length;
            i += block.Length;

            // Every block but the last, and but a full one, stands for its data and one zero.
            if (i < source.Length && code != 0xFF)
            {
                if (n >= destination.Length)
                {
                    written = 0;
                    return OperationStatus.DestinationTooSmall;
                }

                destination[n++] = 0;
            }
        }

        written = n;
        return OperationStatus.Done;
    }
}
