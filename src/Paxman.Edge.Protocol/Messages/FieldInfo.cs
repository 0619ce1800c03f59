using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>
/// One row of the catalogue: a field's snake_case name, wire type, offset in the payload and allowed
/// values. Range checks and the canonical text walk these rows, so each range is written once
/// (as in the C codec's px_catalogue.c).
/// </summary>
internal sealed class FieldInfo
{
    public FieldInfo(string name, FieldKind kind, int offset, long min, long max, uint reserved = 0)
    {
        Name = name;
        Kind = kind;
        Offset = offset;
        Min = min;
        Max = max;
        Reserved = reserved;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    public int Offset { get; }

    /// <summary>Smallest allowed value, inclusive (not for <see cref="FieldKind.Serial"/>).</summary>
    public long Min { get; }

    /// <summary>Largest allowed value, inclusive.</summary>
    public long Max { get; }

    /// <summary>Bits that must be zero.</summary>
    public uint Reserved { get; }

    public int Size => Kind switch
    {
        FieldKind.U8 => 1,
        FieldKind.U16 or FieldKind.I16 => 2,
        FieldKind.U32 => 4,
        _ => ProtocolConstants.SerialLength,
    };

    /// <summary>The integer value of the field in <paramref name="payload"/> (not for serials).</summary>
    public long Read(ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> at = payload[Offset..];
        return Kind switch
        {
            FieldKind.U8 => at[0],
            FieldKind.U16 => BinaryPrimitives.ReadUInt16LittleEndian(at),
            FieldKind.I16 => BinaryPrimitives.ReadInt16LittleEndian(at),
            FieldKind.U32 => BinaryPrimitives.ReadUInt32LittleEndian(at),
            _ => 0,
        };
    }

    /// <summary>Stores <paramref name="value"/>, which must fit the wire type, into <paramref name="payload"/>.</summary>
    public void Write(Span<byte> payload, long value)
    {
        Span<byte> at = payload[Offset..];
        switch (Kind)
        {
            case FieldKind.U8:
                at[0] = (byte)value;
                break;
            case FieldKind.U16:
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)value);
                break;
            case FieldKind.I16:
                BinaryPrimitives.WriteInt16LittleEndian(at, (short)value);
                break;
            case FieldKind.U32:
                BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)value);
                break;
            default:
                throw new InvalidOperationException($"{Name} is not an integer field.");
        }
    }

    /// <summary>True if <paramref name="value"/> can be stored in the wire type at all (the text parser's first check).</summary>
    public bool Fits(long value) => Kind switch
    {
        FieldKind.U8 => value is >= 0 and <= byte.MaxValue,
        FieldKind.U16 => value is >= 0 and <= ushort.MaxValue,
        FieldKind.I16 => value is >= short.MinValue and <= short.MaxValue,
        FieldKind.U32 => value is >= 0 and <= uint.MaxValue,
        _ => false,
    };

    /// <summary>True if the field's bytes in <paramref name="payload"/> are in the catalogue's range.</summary>
    public bool IsInRange(ReadOnlySpan<byte> payload)
    {
        if (Kind == FieldKind.Serial)
        {
            return IsSerialValid(payload.Slice(Offset, ProtocolConstants.SerialLength));
        }

        long value = Read(payload);
        return value >= Min && value <= Max && ((uint)value & Reserved) == 0;
    }

    /// <summary>Printable ASCII without space (0x21..0x7E), then only NULs (protocol.md, "0x81 HELLO_ACK").</summary>
    public static bool IsSerialValid(ReadOnlySpan<byte> serial)
    {
        int k = 0;
        while (k < serial.Length && serial[k] is >= 0x21 and <= 0x7E)
        {
            k++;
        }

        while (k < serial.Length && serial[k] == 0)
        {
            k++;
        }

        return k == serial.Length;
    }
}
