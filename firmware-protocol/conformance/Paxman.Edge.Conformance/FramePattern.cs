using System.Globalization;

namespace Paxman.Edge.Conformance;

/// <summary>
/// A frame type (or <c>*</c>) and conditions on its fields, as in <c>STATUS latched&amp;1=1 outputs&amp;7=0
/// compressor_actual_pct=0..5 link_id=$link max_duration_ms=&gt;D</c>. Fields are those of the canonical text
/// (test-vectors/README.md); a field not named is not compared.
/// </summary>
internal sealed class FramePattern
{
    private FramePattern(string type, IReadOnlyList<Condition> conditions)
    {
        Type = type;
        Conditions = conditions;
    }

    public string Type { get; }

    public IReadOnlyList<Condition> Conditions { get; }

    public static bool TryParse(string type, IEnumerable<string> tokens, out FramePattern pattern, out string? error)
    {
        var conditions = new List<Condition>();
        pattern = new FramePattern(type, conditions);
        foreach (var token in tokens)
        {
            if (!Condition.TryParse(token, out var condition, out error))
            {
                return false;
            }

            conditions.Add(condition);
        }

        error = null;
        return true;
    }

    /// <summary><c>*</c> is any frame, <c>!STATUS</c> any frame but a STATUS.</summary>
    public bool TypeMatches(ReceivedFrame frame) =>
        Type == "*" || Type == frame.Type || (Type.StartsWith('!') && Type.AsSpan(1).SequenceEqual(frame.Type) is false);

    /// <summary>True if the frame has the type and every condition holds; captures go to <paramref name="captures"/>.</summary>
    public bool Matches(ReceivedFrame frame, IReadOnlyDictionary<string, long> names, Dictionary<string, long>? captures)
    {
        if (!TypeMatches(frame))
        {
            return false;
        }

        return ConditionsHold(frame, names, captures);
    }

    public bool ConditionsHold(ReceivedFrame frame, IReadOnlyDictionary<string, long> names, Dictionary<string, long>? captures)
    {
        foreach (var c in Conditions)
        {
            if (!c.Holds(frame, names, captures))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Conditions.Count == 0 ? Type : $"{Type} {string.Join(' ', Conditions)}";
}

/// <summary>One field condition: <c>name[&amp;mask](=|!=)value</c>, <c>name=lo..hi</c> or <c>name=&gt;CAPTURE</c>.</summary>
internal sealed class Condition
{
    private string _text = string.Empty;

    public string Field { get; private init; } = string.Empty;

    public long? Mask { get; private init; }

    public bool Negated { get; private init; }

    public string? Capture { get; private init; }

    public string Low { get; private init; } = string.Empty;

    public string? High { get; private init; }

    public static bool TryParse(string token, out Condition condition, out string? error)
    {
        condition = new Condition();
        var capture = token.IndexOf("=>", StringComparison.Ordinal);
        if (capture > 0)
        {
            condition = new Condition { _text = token, Field = token[..capture], Capture = token[(capture + 2)..] };
            error = null;
            return condition.Capture.Length > 0 || Fail(token, out error);
        }

        var negated = token.Contains("!=", StringComparison.Ordinal);
        var eq = negated ? token.IndexOf("!=", StringComparison.Ordinal) : token.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return Fail(token, out error);
        }

        var left = token[..eq];
        var right = token[(eq + (negated ? 2 : 1))..];
        long? mask = null;
        var amp = left.IndexOf('&', StringComparison.Ordinal);
        if (amp >= 0)
        {
            if (!TryNumber(left[(amp + 1)..], out var m))
            {
                return Fail(token, out error);
            }

            mask = m;
            left = left[..amp];
        }

        var range = right.IndexOf("..", StringComparison.Ordinal);
        condition = new Condition
        {
            _text = token,
            Field = left,
            Mask = mask,
            Negated = negated,
            Low = range >= 0 ? right[..range] : right,
            High = range >= 0 ? right[(range + 2)..] : null,
        };
        error = null;
        return left.Length > 0 && right.Length > 0 || Fail(token, out error);
    }

    public bool Holds(ReceivedFrame frame, IReadOnlyDictionary<string, long> names, Dictionary<string, long>? captures)
    {
        if (!frame.Fields.TryGetValue(Field, out var actualText))
        {
            return false;
        }

        if (Capture is not null)
        {
            if (captures is not null && TryNumber(actualText, out var captured))
            {
                captures[Capture] = captured;
            }

            return true;
        }

        if (!TryNumber(actualText, out var actual))
        {
            // A text field (the serial): compared as written.
            return (actualText == Low) != Negated;
        }

        if (Mask is { } mask)
        {
            actual &= mask;
        }

        if (!TryValue(Low, names, out var low))
        {
            return false;
        }

        bool holds;
        if (High is null)
        {
            holds = actual == low;
        }
        else
        {
            holds = TryValue(High, names, out var high) && actual >= low && actual <= high;
        }

        return holds != Negated;
    }

    public override string ToString() => _text;

    private static bool TryValue(string text, IReadOnlyDictionary<string, long> names, out long value)
    {
        if (TryNumber(text, out value))
        {
            return true;
        }

        return names.TryGetValue(text.TrimStart('$'), out value);
    }

    public static bool TryNumber(string text, out long value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool Fail(string token, out string? error)
    {
        error = $"'{token}' is not a condition (name=value, name&mask=value, name!=value, name=lo..hi, name=>CAPTURE)";
        return false;
    }
}

/// <summary>A frame the MCU sent, with the host's receive time in scenario ms and its fields from the canonical text.</summary>
internal sealed record ReceivedFrame(long AtMs, string Type, IReadOnlyDictionary<string, string> Fields, string Text)
{
    /// <summary>True if a lone 0x00 (an empty buffer) came just before this frame on the wire.</summary>
    public bool AfterLoneDelimiter { get; init; }

    /// <summary>A frame the host-side checks rejected (its reason as the type, e.g. <c>rejected:bad-check</c>).</summary>
    public static ReceivedFrame Rejected(long atMs, string reason) =>
        new(atMs, "rejected:" + reason, new Dictionary<string, string>(), "rejected " + reason);

    public static ReceivedFrame FromText(long atMs, string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in tokens.Skip(1))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            fields[token[..eq]] = token[(eq + 1)..];
        }

        return new ReceivedFrame(atMs, tokens[0], fields, text);
    }
}
