namespace Paxman.Edge.Core.Safety;

/// <summary>Why a channel's cooling is interrupted (README "Interruptions" causes); a channel may have several at once.</summary>
[Flags]
public enum Interruption
{
    None = 0,
    CapDisconnected = 1,
    FlowLoss = 2,
    CoolantWarm = 4,
    SafetyStop = 8,
    StopButton = 16,
    LinkLost = 32,
    PowerLoss = 64,
}

/// <summary>Names on the wire and which cause a channel shows when it has several.</summary>
public static class Interruptions
{
    // Shown first: what a nurse must act on first.
    private static readonly Interruption[] ByPrecedence =
    [
        Interruption.StopButton, Interruption.LinkLost, Interruption.SafetyStop, Interruption.PowerLoss,
        Interruption.FlowLoss, Interruption.CoolantWarm, Interruption.CapDisconnected,
    ];

    /// <summary>Every single cause.</summary>
    public static IReadOnlyList<Interruption> All => ByPrecedence;

    public static string Name(this Interruption cause) => cause switch
    {
        Interruption.CapDisconnected => "cap-disconnected",
        Interruption.FlowLoss => "flow-loss",
        Interruption.CoolantWarm => "coolant-warm",
        Interruption.SafetyStop => "safety-stop",
        Interruption.StopButton => "stop-button",
        Interruption.LinkLost => "link-lost",
        Interruption.PowerLoss => "power-loss",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "one cause at a time"),
    };

    /// <summary>The cause named <paramref name="name"/> on the wire.</summary>
    public static Interruption Parse(string name)
    {
        foreach (var cause in ByPrecedence)
        {
            if (cause.Name() == name)
            {
                return cause;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "not an interruption cause");
    }

    /// <summary>The cause a channel shows, or null when it has none.</summary>
    public static string? Shown(this Interruption causes)
    {
        foreach (var cause in ByPrecedence)
        {
            if ((causes & cause) != 0)
            {
                return cause.Name();
            }
        }

        return null;
    }
}

/// <summary>An interruption of one channel's cooling began or ended (for sessions, journal and MQTT).</summary>
/// <param name="Started">True when it began, false when it ended.</param>
/// <param name="At">Device uptime it began (dated from the fault's first sample) or ended.</param>
public readonly record struct InterruptionEvent(CapChannel Channel, Interruption Cause, bool Started, TimeSpan At);
