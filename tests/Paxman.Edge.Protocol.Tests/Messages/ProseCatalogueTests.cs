using System.Globalization;
using System.Text.RegularExpressions;
using Paxman.Edge.Protocol.Tests.Support;

namespace Paxman.Edge.Protocol.Tests.Messages;

/// <summary>
/// protocol.md's message tables ("### 0xNN NAME": offset, field, type, meaning, accepted values) say exactly what
/// the codec's catalogue checks, so the prose and the code cannot drift apart.
/// </summary>
public sealed partial class ProseCatalogueTests
{
    public static TheoryData<string> Types => new(MessageCatalogue.All.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Types))]
    public void The_prose_table_of_each_type_lists_the_catalogue_fields_offsets_types_and_accepted_values(string name)
    {
        var info = MessageCatalogue.Find(name)!;
        var rows = ProseRows(info.Type, name);

        Assert.Equal(info.Fields.Select(f => f.Name), rows.Select(r => r.Field));
        for (var i = 0; i < rows.Count; i++)
        {
            var field = info.Fields[i];
            Assert.Equal(field.Offset, rows[i].Offset);
            Assert.Equal(TypeName(field), rows[i].Type);
            Assert.True(Accepted(field) == rows[i].Accepted, $"{name}.{field.Name}: the catalogue accepts '{Accepted(field)}', protocol.md says '{rows[i].Accepted}'");
        }
    }

    [Fact]
    public void The_frame_sizes_table_gives_each_type_its_payload_and_frame_lengths()
    {
        var text = File.ReadAllText(RepoPaths.ProtocolMd);
        foreach (var info in MessageCatalogue.All)
        {
            var row = $"| 0x{(byte)info.Type:x2} | {info.Name}";
            var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(row, StringComparison.Ordinal) && l.Count(c => c == '|') == 6);
            Assert.True(line is not null, $"no frame-size row for {info.Name}");
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal([info.PayloadLength, info.PayloadLength + 5, info.PayloadLength + 7], cells[3..6].Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
        }
    }

    private static string TypeName(FieldInfo f) => f.Kind switch
    {
        FieldKind.U8 => "u8",
        FieldKind.U16 => "u16",
        FieldKind.U32 => "u32",
        FieldKind.I16 => "i16",
        _ => "12 bytes",
    };

    // The rendering protocol.md's conventions define: any, lo..hi, mask 0x.., or the serial's grammar.
    private static string Accepted(FieldInfo f)
    {
        if (f.Kind == FieldKind.Serial)
        {
            return "ASCII 0x21..0x7E, then 0x00 to the end";
        }

        if (f.Reserved != 0)
        {
            var width = f.Kind == FieldKind.U8 ? 0xFFu : 0xFFFFu;
            return f.Kind == FieldKind.U8 ? $"mask 0x{~f.Reserved & width:X2}" : $"mask 0x{~f.Reserved & width:X4}";
        }

        var (lo, hi) = f.Kind switch
        {
            FieldKind.U8 => (0L, (long)byte.MaxValue),
            FieldKind.U16 => (0L, (long)ushort.MaxValue),
            FieldKind.I16 => ((long)short.MinValue, (long)short.MaxValue),
            _ => (0L, (long)uint.MaxValue),
        };
        return f.Min == lo && f.Max == hi ? "any" : string.Create(CultureInfo.InvariantCulture, $"{f.Min}..{f.Max}");
    }

    private static List<(int Offset, string Field, string Type, string Accepted)> ProseRows(MessageType type, string name)
    {
        var text = File.ReadAllText(RepoPaths.ProtocolMd);
        var heading = Regex.Match(text, $@"(?m)^### 0x{(byte)type:x2} {name}\b.*$");
        Assert.True(heading.Success, $"protocol.md has no section '### 0x{(byte)type:x2} {name}'");
        var rows = new List<(int, string, string, string)>();
        var lines = text[(heading.Index + heading.Length)..].Split('\n');
        var i = Array.FindIndex(lines, l => l.StartsWith("| offset |", StringComparison.Ordinal));
        Assert.Equal("| offset | field | type | meaning | accepted values |", lines[i].TrimEnd());
        for (i += 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var cells = lines[i].Split('|', StringSplitOptions.TrimEntries);
            rows.Add((int.Parse(cells[1], CultureInfo.InvariantCulture), cells[2], cells[3], cells[5]));
        }

        return rows;
    }
}
