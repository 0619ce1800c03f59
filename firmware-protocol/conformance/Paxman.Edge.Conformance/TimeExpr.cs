using System.Globalization;

namespace Paxman.Edge.Conformance;

/// <summary>A window bound: integers and captured names added and subtracted (<c>1000+D+150</c>), in ms.</summary>
internal sealed class TimeExpr
{
    private readonly List<(int Sign, string Term)> _terms;

    private TimeExpr(List<(int, string)> terms) => _terms = terms;

    public static bool TryParse(string text, out TimeExpr expr, out string? error)
    {
        var terms = new List<(int, string)>();
        var sign = 1;
        var start = 0;
        expr = new TimeExpr(terms);
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('+' or '-'))
            {
                continue;
            }

            var term = text[start..i].Trim();
            if (term.Length == 0 && !(i == 0 && i < text.Length && text[i] == '-'))
            {
                error = $"empty term in '{text}'";
                return false;
            }

            if (term.Length > 0)
            {
                terms.Add((sign, term));
            }

            if (i < text.Length)
            {
                sign = text[i] == '-' ? -1 : 1;
            }

            start = i + 1;
        }

        error = null;
        return true;
    }

    /// <summary>The value with <paramref name="names"/> known; null if a name is not (yet) captured.</summary>
    public long? Evaluate(IReadOnlyDictionary<string, long> names)
    {
        long total = 0;
        foreach (var (sign, term) in _terms)
        {
            if (long.TryParse(term, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                total += sign * n;
            }
            else if (names.TryGetValue(term, out var v))
            {
                total += sign * v;
            }
            else
            {
                return null;
            }
        }

        return total;
    }
}
