using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Paxman.Edge.Storage;

/// <summary>
/// The CRC-32 every covered row carries over all of its columns (README, "Journal"), so that a byte changed inside
/// a row is found at open. Each value is framed (a type tag, a length for text), and the table's name comes first,
/// so neither a value moved between columns nor a row copied into another table passes.
/// </summary>
/// <remarks>
/// CRC-32 rather than SHA-256: the checksum is against accidental damage (a torn write, a bad sector, a flipped bit);
/// an unkeyed SHA-256 would not stop a deliberate edit either, since whoever edits a row can recompute it. CRC-32
/// detects every burst up to 32 bits and all but 1 in 2^32 of other damage, costs 4 bytes per row, and checking a
/// month of rows at open takes a fraction of what SHA-256 would. Deliberate edits of records are what the SHA-256
/// hash chain is for. One instance is used by one thread at a time.
/// </remarks>
internal sealed class RowChecksum
{
    private const byte NullTag = 0;
    private const byte IntegerTag = 1;
    private const byte TextTag = 2;

    private readonly Crc32 _crc = new();
    private byte[] _buffer = new byte[512];

    /// <summary>Starts the checksum of one row of <paramref name="table"/>.</summary>
    public RowChecksum Begin(string table)
    {
        _crc.Reset();
        return Text(table);
    }

    public RowChecksum Integer(long value)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = IntegerTag;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[1..], value);
        _crc.Append(bytes);
        return this;
    }

    public RowChecksum Integer(long? value) => value is { } v ? Integer(v) : Null();

    public RowChecksum Text(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length) + 5;
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(5));
        _buffer[0] = TextTag;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(1, 4), written);
        _crc.Append(_buffer.AsSpan(0, written + 5));
        return this;
    }

    /// <summary>The checksum as stored (an unsigned 32-bit value in a SQLite integer).</summary>
    public long Value => _crc.GetCurrentHashAsUInt32();

    private RowChecksum Null()
    {
        ReadOnlySpan<byte> tag = [NullTag];
        _crc.Append(tag);
        return this;
    }
}
