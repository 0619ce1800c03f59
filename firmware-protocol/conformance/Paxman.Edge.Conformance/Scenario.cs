namespace Paxman.Edge.Conformance;

/// <summary>One scripted scenario: what the host sends when, and what must come back (conformance/README.md).</summary>
internal sealed class Scenario
{
    public required string Name { get; init; }

    public required string File { get; init; }

    /// <summary>Rows of protocol.md's state-machine table this scenario exercises.</summary>
    public required IReadOnlyList<string> Covers { get; init; }

    /// <summary>A reset reason to boot the MCU with before the scenario, or null to start from a prepared link.</summary>
    public string? StartReset { get; init; }

    public required IReadOnlyList<Step> Steps { get; init; }

    public required IReadOnlyList<Expectation> Expectations { get; init; }

    /// <summary>True if the scenario drives the bench (stdin commands) or resets the MCU: it needs <c>--mcu</c>.</summary>
    public bool NeedsBench => StartReset is not null || Steps.Any(s => s.Kind is StepKind.Bench or StepKind.Reset);

}

internal enum StepKind
{
    /// <summary>A frame in canonical text, with $link and $next substituted.</summary>
    Send,

    /// <summary>Bytes on the wire exactly as given (garbage, partial frames, rejected frames).</summary>
    SendHex,

    /// <summary>A type byte and a payload the runner frames (CRC-32, COBS, delimiter) without checking ranges.</summary>
    SendRaw,

    /// <summary>A line for the MCU's bench on its stdin (<c>fault sensor-open on</c>).</summary>
    Bench,

    /// <summary>The MCU restarts with a reset reason; the scenario clock holds until its first STATUS.</summary>
    Reset,
}

/// <summary>
/// An action at a scenario time (<c>@T</c>), or repeated every <see cref="Every"/> ms from <see cref="From"/> to
/// <see cref="To"/> inclusive (<c>@A..B every P</c>). Times may name captured values (<c>@1000+D+200</c>).
/// </summary>
internal sealed record Step(TimeExpr From, TimeExpr? To, TimeExpr? Every, StepKind Kind, string Text, int Line);

/// <summary>One action at a resolved scenario time.</summary>
internal sealed record TimedStep(long AtMs, StepKind Kind, string Text, int Line);

internal enum ExpectKind
{
    /// <summary>The number of matching frames in the window is in a range.</summary>
    Count,

    /// <summary>At least one frame in the window matches.</summary>
    Expect,

    /// <summary>No frame in the window matches.</summary>
    None,

    /// <summary>Every frame of the pattern's type in the window matches, and there is one.</summary>
    All,

    /// <summary>The first frame in the window matching the pattern also matches the conditions after the colon.</summary>
    First,

    /// <summary>
    /// Device time: every matching STATUS in the window reports an <c>uptime_ms</c> within the jitter of its slot
    /// (n x period from boot), consecutive ones are <c>status_seq</c> slots apart, and there are at least two.
    /// </summary>
    Cadence,

    /// <summary>Every (re)start of the MCU in this scenario sent a lone 0x00 before its first frame.</summary>
    BootDelimiter,
}

internal sealed record Expectation(ExpectKind Kind, long CountLow, long CountHigh, TimeExpr From, TimeExpr To, FramePattern Pattern, FramePattern? Then, string Source, int Line)
{
    /// <summary>For <see cref="ExpectKind.Cadence"/>: the period and the jitter allowed, ms of the MCU's clock.</summary>
    public long PeriodMs { get; init; }

    /// <inheritdoc cref="PeriodMs"/>
    public long JitterMs { get; init; }
}
