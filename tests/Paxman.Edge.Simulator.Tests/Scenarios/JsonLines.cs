using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>Comparing a run's JSON lines with the expected ones, and saying readably where they differ.</summary>
internal static partial class JsonLines
{
    public static string WithoutWallSeconds(string line) => WallSeconds().Replace(line, "\"wallSeconds\":0");

    /// <summary>Null when equal; otherwise the first differing lines, with the JSON paths whose values differ.</summary>
    public static string? Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var text = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(expected.Count, actual.Count) && shown < 5; i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            if (e == a)
            {
                continue;
            }

            shown++;
            text.Append(Invariant($"line {i + 1}:\n"));
            if (e is null || a is null)
            {
                text.Append(e is null ? $"  unexpected: {a}\n" : $"  missing:    {e}\n");
                continue;
            }

            var paths = new List<string>();
            Compare(JsonNode.Parse(e), JsonNode.Parse(a), "$", paths);
            if (paths.Count == 0)
            {
                paths.Add("(same values, different text: key order or spacing)");
            }

            foreach (var path in paths.Take(12))
            {
                text.Append("  ").Append(path).Append('\n');
            }

            text.Append("  expected: ").Append(Clip(e)).Append('\n');
            text.Append("  actual:   ").Append(Clip(a)).Append('\n');
        }

        if (shown == 0)
        {
            return null;
        }

        text.Append(Invariant($"({expected.Count} expected lines, {actual.Count} actual)"));
        return text.ToString();
    }

    private static void Compare(JsonNode? e, JsonNode? a, string path, List<string> paths)
    {
        switch (e, a)
        {
            case (JsonObject eo, JsonObject ao):
                foreach (var key in eo.Select(p => p.Key).Union(ao.Select(p => p.Key)))
                {
                    var inE = eo.TryGetPropertyValue(key, out var ev);
                    var inA = ao.TryGetPropertyValue(key, out var av);
                    if (!inE || !inA)
                    {
                        paths.Add($"{path}.{key}: {(inE ? "missing" : "unexpected")}");
                        continue;
                    }

                    Compare(ev, av, $"{path}.{key}", paths);
                }

                break;
            case (JsonArray ea, JsonArray aa):
                for (var i = 0; i < Math.Max(ea.Count, aa.Count); i++)
                {
                    if (i >= ea.Count || i >= aa.Count)
                    {
                        paths.Add(Invariant($"{path}[{i}]: {(i >= ea.Count ? "unexpected " + aa[i]?.ToJsonString() : "missing " + ea[i]?.ToJsonString())}"));
                        continue;
                    }

                    Compare(ea[i], aa[i], Invariant($"{path}[{i}]"), paths);
                }

                break;
            default:
                var es = e?.ToJsonString() ?? "null";
                var @as = a?.ToJsonString() ?? "null";
                if (es != @as)
                {
                    paths.Add($"{path}: expected {es}, actual {@as}");
                }

                break;
        }
    }

    private static string Clip(string line) => line.Length <= 400 ? line : line[..400] + "...";

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("\"wallSeconds\":[0-9.eE+-]+")]
    private static partial Regex WallSeconds();
}
