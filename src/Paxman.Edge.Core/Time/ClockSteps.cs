using System.Globalization;

namespace Paxman.Edge.Core.Time;

/// <summary>How a wall-clock step is written in the journal: signed seconds with one decimal, <c>+2400.0</c> or <c>-120.0</c>.</summary>
public static class ClockSteps
{
    /// <summary>A step larger than this (either way) between two ticks is journaled.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(2);

    public static string Detail(TimeSpan step) =>
        (step >= TimeSpan.Zero ? "+" : "-") + Math.Abs(step.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);
}
