using System.Text.RegularExpressions;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// The hazard table (src/Paxman.Edge.Core/Safety/README.md) stays true: every condition the supervisor evaluates
/// has a row, and every test a row names exists in the test sources.
/// </summary>
public sealed partial class HazardTableTests
{
    private static readonly string TablePath = Path.Combine(RepoPaths.Root, "src", "Paxman.Edge.Core", "Safety", "README.md");

    [Fact]
    public void Every_condition_the_supervisor_evaluates_has_a_row_in_the_hazard_table()
    {
        var codes = HazardRows().Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var supervisor = new SafetySupervisor(new SafetyOptions(), TimeSpan.TicksPerSecond);

        var missing = supervisor.Conditions.Select(c => c.Code).Distinct().Where(c => !codes.Contains(c)).ToList();

        Assert.True(missing.Count == 0, $"conditions without a hazard-table row: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_test_the_hazard_table_names_exists()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var named = HazardRows().SelectMany(r => r.Tests).Distinct().ToList();

        var missing = named.Where(t => !Exists(t, sources)).ToList();

        Assert.NotEmpty(named);
        Assert.True(missing.Count == 0, $"tests named in the hazard table that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_row_names_at_least_one_test()
    {
        var bare = HazardRows().Where(r => r.Tests.Count == 0).Select(r => r.Code).ToList();

        Assert.True(bare.Count == 0, $"hazard-table rows without a test: {string.Join(", ", bare)}");
    }

    /// <summary>A test named <c>Class.Method</c> exists when one source declares the class and a method of that name.</summary>
    private static bool Exists(string test, List<string> sources)
    {
        var dot = test.LastIndexOf('.');
        var type = test[..dot];
        var method = test[(dot + 1)..];
        var typePattern = new Regex($@"\bclass\s+{Regex.Escape(type)}\b");
        var methodPattern = new Regex($@"\b(void|Task)\s+{Regex.Escape(method)}\s*\(");
        return sources.Any(s => typePattern.IsMatch(s) && methodPattern.IsMatch(s));
    }

    private sealed record HazardRow(string Code, IReadOnlyList<string> Tests);

    /// <summary>
    /// The table's rows: the first column's code (in backticks) and every <c>`Class.Method`</c> in the last column.
    /// </summary>
    private static List<HazardRow> HazardRows()
    {
        var rows = new List<HazardRow>();
        foreach (var line in File.ReadLines(TablePath))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var code = CodePattern().Match(cells[1]).Groups[1].Value;
            var tests = TestPattern().Matches(cells[^2]).Select(m => m.Groups[1].Value).ToList();
            rows.Add(new HazardRow(code, tests));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex("`([a-z0-9-]+)`")]
    private static partial Regex CodePattern();

    [GeneratedRegex("`([A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*)`")]
    private static partial Regex TestPattern();
}
