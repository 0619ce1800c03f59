namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// Distinct audible patterns per priority for an active piezo switched on and off once per 100 ms tick, after
/// IEC 60601-1-8's bursts: high, two groups of five pulses every 5 s; medium, three pulses every 8 s; low, two
/// pulses every 15 s.
/// </summary>
public static class BuzzerPattern
{
    private static readonly bool[] High = Pattern(50, 0, 2, 4, 6, 8, 12, 14, 16, 18, 20);
    private static readonly bool[] Medium = Pattern(80, 0, 2, 4);
    private static readonly bool[] Low = Pattern(150, 0, 2);

    /// <summary>Whether the buzzer is on at tick <paramref name="tick"/> of a pattern for <paramref name="priority"/>.</summary>
    public static bool IsOn(AlarmPriority? priority, long tick)
    {
        var pattern = priority switch
        {
            AlarmPriority.High => High,
            AlarmPriority.Medium => Medium,
            AlarmPriority.Low => Low,
            _ => null,
        };
        return pattern is not null && pattern[(int)(tick % pattern.Length)];
    }

    /// <summary>Ticks in one cycle of the pattern.</summary>
    public static int CycleTicks(AlarmPriority priority) => priority switch
    {
        AlarmPriority.High => High.Length,
        AlarmPriority.Medium => Medium.Length,
        _ => Low.Length,
    };

    private static bool[] Pattern(int cycle, params int[] on)
    {
        var pattern = new bool[cycle];
        foreach (var tick in on)
        {
            pattern[tick] = true;
        }

        return pattern;
    }
}
