namespace Paxman.Edge.Protocol;

/// <summary>Wire type of a catalogue field (protocol.md, "Message catalogue", conventions).</summary>
internal enum FieldKind
{
    U8,
    U16,
    U32,
    I16,

    /// <summary>12 bytes of printable ASCII 0x21..0x7E, then NUL padding.</summary>
    Serial,
}
