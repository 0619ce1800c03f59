using System.Globalization;
using System.Text.RegularExpressions;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>Device times in scenario files: <c>HH:MM:SS</c> since power-on, optionally with tenths (<c>01:10:00.5</c>).</summary>
internal static partial class ScenarioTime
{
    /// <summary>The engine's tick: every time in a scenario falls on one.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Parses a device time; null (with the problem) when it is not one.</summary>
    public static TimeSpan? Parse(string? text, out string problem)
    {
        problem = string.Empty;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            problem = $"\"{text}\" is not a device time; write HH:MM:SS since power-on, for example \"01:10:00\"";
            return null;
        }

        var hours = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var fraction = match.Groups[4].Success ? match.Groups[4].Value : string.Empty;
        var value = new TimeSpan(hours, minutes, seconds);
        if (fraction.Length > 0)
        {
            value += TimeSpan.FromTicks(long.Parse(fraction.PadRight(7, '0'), CultureInfo.InvariantCulture));
        }

        if (value.Ticks % Tick.Ticks != 0)
        {
            problem = $"\"{text}\" does not fall on an engine tick; use whole tenths of a second";
            return null;
        }

        return value;
    }

    /// <summary>Formats a device time as the files write it.</summary>
    public static string Format(TimeSpan value)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours:00}:{value.Minutes:00}:{value.Seconds:00}");
        return value.Milliseconds == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text}.{value.Milliseconds / 100}");
    }

    [GeneratedRegex(@"^(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$")]
    private static partial Regex Pattern();
}
