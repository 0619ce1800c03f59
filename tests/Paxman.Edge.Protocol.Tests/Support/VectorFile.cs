namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>Reads firmware-protocol/test-vectors/*.txt (format in its README: name TAB hex TAB text, '#' comments).</summary>
internal static class VectorFile
{
    private static readonly Lazy<IReadOnlyList<VectorLine>> ValidLines = new(() => Load(RepoPaths.Vectors));
    private static readonly Lazy<IReadOnlyList<VectorLine>> InvalidLines = new(() => Load(RepoPaths.InvalidVectors));

    public static IReadOnlyList<VectorLine> Valid => ValidLines.Value;

    public static IReadOnlyList<VectorLine> Invalid => InvalidLines.Value;

    public static TheoryData<string> ValidNames() => new(Valid.Select(v => v.Name));

    public static TheoryData<string> InvalidNames() => new(Invalid.Select(v => v.Name));

    public static VectorLine ValidNamed(string name) => Valid.Single(v => v.Name == name);

    public static VectorLine InvalidNamed(string name) => Invalid.Single(v => v.Name == name);

    private static List<VectorLine> Load(string path)
    {
        var lines = new List<VectorLine>();
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] columns = line.Split('\t');
            if (columns.Length != 3)
            {
                throw new InvalidDataException($"{path}: not three tab-separated columns: {line}");
            }

            lines.Add(new VectorLine(columns[0], Convert.FromHexString(columns[1]), columns[2]));
        }

        return lines;
    }
}
