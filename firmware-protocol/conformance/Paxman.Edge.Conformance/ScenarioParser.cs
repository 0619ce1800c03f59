using System.Globalization;

namespace Paxman.Edge.Conformance;

/// <summary>Reads the scenario format of conformance/README.md; a problem names its file and line.</summary>
internal static class ScenarioParser
{
    public static Scenario Parse(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var covers = new List<string>();
        string? start = null;
        var steps = new List<Step>();
        var expectations = new List<Expectation>();
        var lines = File.ReadAllLines(path);
        for (var n = 1; n <= lines.Length; n++)
        {
            var line = lines[n - 1];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var text = (hash >= 0 ? line[..hash] : line).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            string Where() => $"{path}:{n}";
            if (text.StartsWith("name:", StringComparison.Ordinal))
            {
                name = text[5..].Trim();
            }
            else if (text.StartsWith("covers:", StringComparison.Ordinal))
            {
                covers.AddRange(text[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (text.StartsWith("start:", StringComparison.Ordinal))
            {
                var words = text[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                start = words is ["reset", var reason] ? reason : throw new FormatException($"{Where()}: start: reset REASON");
            }
            else if (text.StartsWith('@'))
            {
                steps.Add(ParseStep(text, n, Where));
            }
            else
            {
                expectations.Add(ParseExpectation(text, n, Where));
            }
        }

        if (covers.Count == 0)
        {
            throw new FormatException($"{path}: no 'covers:' line");
        }

        return new Scenario { Name = name, File = path, Covers = covers, StartReset = start, Steps = steps, Expectations = expectations };
    }

    private static Step ParseStep(string text, int line, Func<string> where)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            throw new FormatException($"{where()}: '@T action'");
        }

        var when = text[1..space];
        var rest = text[(space + 1)..].TrimStart();
        TimeExpr from;
        TimeExpr? to = null, every = null;
        var dots = when.IndexOf("..", StringComparison.Ordinal);
        if (dots >= 0)
        {
            if (!rest.StartsWith("every ", StringComparison.Ordinal))
            {
                throw new FormatException($"{where()}: '@A..B every P action'");
            }

            var parts = rest[6..].TrimStart().Split(' ', 2);
            from = Time(when[..dots], where);
            to = Time(when[(dots + 2)..], where);
            every = Time(parts[0], where);
            rest = parts.Length > 1 ? parts[1] : string.Empty;
        }
        else
        {
            from = Time(when, where);
        }

        var verb = rest.Split(' ', 2);
        var argument = verb.Length > 1 ? verb[1].Trim() : string.Empty;
        var kind = verb[0] switch
        {
            "send" => StepKind.Send,
            "send-hex" => StepKind.SendHex,
            "send-raw" => StepKind.SendRaw,
            "bench" => StepKind.Bench,
            "reset" => StepKind.Reset,
            _ => throw new FormatException($"{where()}: unknown action '{verb[0]}' (send, send-hex, send-raw, bench, reset)"),
        };
        if (argument.Length == 0)
        {
            throw new FormatException($"{where()}: {verb[0]} needs an argument");
        }

        return new Step(from, to, every, kind, argument, line);
    }

    private static Expectation ParseExpectation(string text, int line, Func<string> where)
    {
        if (text == "boot-delimiter")
        {
            var zero = Time("0", where);
            FramePattern.TryParse("*", [], out var any, out _);
            return new Expectation(ExpectKind.BootDelimiter, 0, 0, zero, zero, any, null, text, line);
        }

        var open = text.IndexOf('[', StringComparison.Ordinal);
        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            throw new FormatException($"{where()}: 'expect|none|all|first [FROM,TO] TYPE conditions'");
        }

        var head = text[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long countLow = 0, countHigh = 0;
        if (head is ["count", var range])
        {
            var dd = range.IndexOf("..", StringComparison.Ordinal);
            if (dd < 0 || !long.TryParse(range[..dd], CultureInfo.InvariantCulture, out countLow) || !long.TryParse(range[(dd + 2)..], CultureInfo.InvariantCulture, out countHigh))
            {
                throw new FormatException($"{where()}: 'count LOW..HIGH [FROM,TO] PATTERN'");
            }

            head = ["count"];
        }

        var kind = string.Join(' ', head) switch
        {
            "count" => ExpectKind.Count,
            "expect" => ExpectKind.Expect,
            "none" => ExpectKind.None,
            "all" => ExpectKind.All,
            "first" => ExpectKind.First,
            "cadence" => ExpectKind.Cadence,
            var other => throw new FormatException($"{where()}: unknown line '{other}'"),
        };
        var window = text[(open + 1)..close].Split(',');
        if (window.Length != 2)
        {
            throw new FormatException($"{where()}: the window is [FROM,TO]");
        }

        if (!TimeExpr.TryParse(window[0], out var from, out var error) || !TimeExpr.TryParse(window[1], out var to, out error))
        {
            throw new FormatException($"{where()}: {error}");
        }

        var body = text[(close + 1)..].Trim();
        FramePattern? then = null;
        var colon = body.IndexOf(" : ", StringComparison.Ordinal);
        if (kind == ExpectKind.First)
        {
            if (colon < 0)
            {
                throw new FormatException($"{where()}: 'first [FROM,TO] PATTERN : conditions'");
            }

            var thenTokens = body[(colon + 3)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!FramePattern.TryParse("*", thenTokens, out then, out var thenError))
            {
                throw new FormatException($"{where()}: {thenError}");
            }

            body = body[..colon];
        }

        var tokens = body.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count == 0)
        {
            throw new FormatException($"{where()}: a frame type is needed");
        }

        long period = 0, jitter = 0;
        if (kind == ExpectKind.Cadence)
        {
            // cadence [FROM,TO] STATUS period=P jitter=J [conditions]
            long Take(string key)
            {
                var token = tokens.FirstOrDefault(t => t.StartsWith(key + "=", StringComparison.Ordinal));
                if (token is null || !long.TryParse(token[(key.Length + 1)..], CultureInfo.InvariantCulture, out var value) || value < 0)
                {
                    throw new FormatException($"{where()}: 'cadence [FROM,TO] STATUS period=MS jitter=MS'");
                }

                tokens.Remove(token);
                return value;
            }

            period = Take("period");
            jitter = Take("jitter");
            if (tokens[0] != "STATUS" || period == 0 || 2 * jitter >= period)
            {
                throw new FormatException($"{where()}: cadence is of STATUS, with a period above 0 and a jitter under half of it");
            }
        }

        if (!FramePattern.TryParse(tokens[0], tokens.Skip(1), out var pattern, out error))
        {
            throw new FormatException($"{where()}: {error}");
        }

        return new Expectation(kind, countLow, countHigh, from, to, pattern, then, text, line) { PeriodMs = period, JitterMs = jitter };
    }

    private static TimeExpr Time(string text, Func<string> where) =>
        TimeExpr.TryParse(text, out var expr, out var error) ? expr : throw new FormatException($"{where()}: {error}");
}
