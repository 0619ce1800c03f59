using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paxman.Edge.Core.Records;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): the one text of a JSON value that the record's hash covers
/// (README, "Session record").
/// </summary>
/// <remarks>
/// Written here because no canonical-JSON package is available to this project, and System.Text.Json's writer neither
/// sorts keys nor formats numbers as ECMAScript does. The scheme is small: object members sorted by the UTF-16 code
/// units of their names (RFC 8785 section 3.2.3), no whitespace, strings with only the escapes JSON requires
/// (section 3.2.2.2), numbers as ECMAScript's <c>Number.prototype.toString</c> writes an IEEE 754 double (section
/// 3.2.2.3). Numbers are doubles in JCS, so an integer beyond 2^53 is written as the nearest double, as any
/// conforming implementation does. NaN, infinities and strings that are not valid Unicode (lone surrogates) are
/// refused, as the RFC requires.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions StrictParse = new() { AllowDuplicateProperties = false };

    /// <summary>The canonical text of <paramref name="node"/> (<c>null</c> for a null node).</summary>
    /// <exception cref="ArgumentException">The value holds a NaN or infinite number, or a string with a lone surrogate.</exception>
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>The canonical text of <paramref name="node"/> as UTF-8 bytes: what a hash of the value covers.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Serialize"/>.</exception>
    public static byte[] SerializeToUtf8(JsonNode? node) => Encoding.UTF8.GetBytes(Serialize(node));

    /// <summary>Parses <paramref name="json"/> (duplicate member names refused) and returns its canonical text.</summary>
    /// <exception cref="JsonException">The text is not JSON, or an object repeats a member name.</exception>
    /// <exception cref="ArgumentException">The value has no canonical form: a number beyond a double's range, or an escaped lone surrogate.</exception>
    public static string Canonicalize(string json) => Serialize(ParseStrict(json));

    /// <summary>Parses JSON text refusing duplicate member names (RFC 8785 section 3.1) and member names that are not valid Unicode.</summary>
    /// <exception cref="JsonException">The text is not JSON, or an object repeats a member name.</exception>
    /// <exception cref="ArgumentException">A member name holds an escaped lone surrogate.</exception>
    internal static JsonNode? ParseStrict(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonNode.Parse(json, documentOptions: StrictParse);
        }
        catch (InvalidOperationException e)
        {
            // Checking names for duplicates reads them, and System.Text.Json refuses one with an escaped lone surrogate.
            throw NotUnicode(e);
        }
    }

    /// <summary>The ECMAScript <c>Number.prototype.toString</c> text of a finite double (RFC 8785 section 3.2.2.3).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public static string FormatNumber(double value)
    {
        var builder = new StringBuilder(24);
        WriteNumber(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                WriteObject(output, obj);
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    Write(output, array[i]);
                }

                output.Append(']');
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
            default:
                throw new ArgumentException($"Unsupported JSON node type {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteObject(StringBuilder output, JsonObject obj)
    {
        var members = new KeyValuePair<string, JsonNode?>[obj.Count];
        var count = 0;
        try
        {
            foreach (var member in obj)
            {
                members[count++] = member;
            }
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reads a parsed member name lazily, and refuses one with an escaped lone surrogate.
            throw NotUnicode(e);
        }

        // Ordinal comparison of .NET strings is comparison of their UTF-16 code units, which is what RFC 8785 3.2.3 sorts by.
        Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        output.Append('{');
        for (var i = 0; i < members.Length; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            WriteString(output, members[i].Key);
            output.Append(':');
            Write(output, members[i].Value);
        }

        output.Append('}');
    }

    private static void WriteValue(StringBuilder output, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, StringOf(value));
                break;
            case JsonValueKind.Number:
                WriteNumber(output, NumberOf(value));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                // A JsonValue wrapping an object or array element: canonicalise what it holds.
                Write(output, ParseStrict(value.ToJsonString()));
                break;
        }
    }

    private static string StringOf(JsonValue value)
    {
        bool isString;
        string? text;
        try
        {
            isString = value.TryGetValue(out text);
        }
        catch (InvalidOperationException e)
        {
            // A parsed string with an escaped lone surrogate (\ud800) cannot be read as UTF-16.
            throw NotUnicode(e);
        }

        if (isString)
        {
            return text!;
        }

        // A char, Guid, DateTime... held as a CLR value: take the string its JSON form denotes.
        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.GetString() ?? string.Empty;
    }

    private static double NumberOf(JsonValue value)
    {
        if (value.TryGetValue(out double number))
        {
            return number;
        }

        if (value.TryGetValue(out long integer))
        {
            return integer;
        }

        if (value.TryGetValue(out int small))
        {
            return small;
        }

        // Any other numeric CLR type (decimal, float, ulong...): the number its JSON text denotes.
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static ArgumentException NotUnicode(Exception inner) =>
        new("A string holds a lone surrogate; RFC 8785 requires valid Unicode.", inner);

    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        var plainFrom = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"A string holds a lone surrogate (U+{(int)c:X4}) at index {i}; RFC 8785 requires valid Unicode.", nameof(text));
            }

            output.Append(text, plainFrom, i - plainFrom);
            plainFrom = i + 1;
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\t': output.Append("\\t"); break;
                case '\n': output.Append("\\n"); break;
                case '\f': output.Append("\\f"); break;
                case '\r': output.Append("\\r"); break;
                default:
                    output.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
            }
        }

        output.Append(text, plainFrom, text.Length - plainFrom);
        output.Append('"');
    }

    private static void WriteNumber(StringBuilder output, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} has no JSON form; RFC 8785 refuses NaN and infinities.", nameof(value));
        }

        if (value == 0)
        {
            output.Append('0'); // Minus zero too.
            return;
        }

        if (value < 0)
        {
            output.Append('-');
            value = -value;
        }

        // "R" gives the shortest digits that round-trip (and, among those, the closest), as ECMAScript requires; only
        // where the point goes and when to use an exponent differ, so take the digits and exponent and lay them out
        // as ECMAScript does.
        Span<char> buffer = stackalloc char[32];
        if (!value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double's round-trip form did not fit 32 characters.");
        }

        ReadOnlySpan<char> text = buffer[..written];
        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        Span<char> digitBuffer = stackalloc char[32];
        var digitCount = 0;
        var pointAt = -1;
        foreach (var c in text)
        {
            if (c == '.')
            {
                pointAt = digitCount;
            }
            else
            {
                digitBuffer[digitCount++] = c;
            }
        }

        // value = 0.digits x 10^n
        var n = (pointAt < 0 ? digitCount : pointAt) + exponent;
        var first = 0;
        while (digitBuffer[first] == '0')
        {
            first++;
            n--;
        }

        var last = digitCount;
        while (digitBuffer[last - 1] == '0')
        {
            last--;
        }

        ReadOnlySpan<char> digits = digitBuffer[first..last];
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            output.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            output.Append(digits[..n]).Append('.').Append(digits[n..]);
        }
        else if (-6 < n && n <= 0)
        {
            output.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            output.Append(digits[0]);
            if (k > 1)
            {
                output.Append('.').Append(digits[1..]);
            }

            output.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
    }
}
