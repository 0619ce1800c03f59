using System.Buffers.Binary;

namespace Paxman.Edge.Protocol;

/// <summary>One type of the catalogue: its canonical name, direction, fixed payload length and fields in wire order.</summary>
internal sealed class MessageInfo
{
    public MessageInfo(MessageType type, string name, FrameDirection direction, int payloadLength, FieldInfo[] fields)
    {
        Type = type;
        Name = name;
        Direction = direction;
        PayloadLength = payloadLength;
        _fields = fields;
    }

    private readonly FieldInfo[] _fields;

    public MessageType Type { get; }

    /// <summary>"SET_STATE", as in protocol.md and the canonical text.</summary>
    public string Name { get; }

    /// <summary>Who receives this type: a receiver rejects the other direction's types (protocol.md, "Rejecting a frame").</summary>
    public FrameDirection Direction { get; }

    public int PayloadLength { get; }

    public IReadOnlyList<FieldInfo> Fields => _fields;

    /// <summary>
    /// The snake_case name of the first field (catalogue order) whose value is out of range, or null
    /// if every field is in range. <paramref name="payload"/> must be <see cref="PayloadLength"/> bytes.
    /// </summary>
    public string? FirstInvalidField(ReadOnlySpan<byte> payload)
    {
        // A loop over the array: no enumerator allocation on the decode path.
        foreach (FieldInfo field in _fields)
        {
            if (!field.IsInRange(payload))
            {
                return field.Name;
            }
        }

        // The one rule across fields (protocol.md, "0x90 VERSIONS"), named as the C codec names it.
        if (Type == MessageType.Versions && BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]) < BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]))
        {
            return "max_proto_version";
        }

        return null;
    }

    /// <summary>The field named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name)
    {
        for (int i = 0; i < Fields.Count; i++)
        {
            if (name.SequenceEqual(Fields[i].Name))
            {
                return i;
            }
        }

        return -1;
    }
}
