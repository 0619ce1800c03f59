namespace Paxman.Edge.Core.Sessions;

/// <summary>A channel's treatment state (README, "Sessions"): the transition table's states.</summary>
public enum SessionPhase
{
    /// <summary>No session on the channel yet.</summary>
    Idle,

    /// <summary>Opened; the cap is being fitted. Does not cool.</summary>
    Prepared,

    /// <summary>Cooling before the infusion.</summary>
    Precool,

    /// <summary>Cooling while the chemotherapy runs.</summary>
    Infusion,

    /// <summary>Cooling after the infusion, counting down to completion.</summary>
    Postcool,

    /// <summary>Ended (completed, finished early or aborted); the summary shows until the next session.</summary>
    Done,
}

/// <summary>Names of <see cref="SessionPhase"/> on the wire.</summary>
public static class SessionPhases
{
    public static string Name(this SessionPhase phase) => phase switch
    {
        SessionPhase.Idle => "idle",
        SessionPhase.Prepared => "prepared",
        SessionPhase.Precool => "precool",
        SessionPhase.Infusion => "infusion",
        SessionPhase.Postcool => "postcool",
        SessionPhase.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public static SessionPhase Parse(string name) => name switch
    {
        "idle" => SessionPhase.Idle,
        "prepared" => SessionPhase.Prepared,
        "precool" => SessionPhase.Precool,
        "infusion" => SessionPhase.Infusion,
        "postcool" => SessionPhase.Postcool,
        "done" => SessionPhase.Done,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a session phase"),
    };

    /// <summary>The phases in which the cap is cooled (the record's phases).</summary>
    public static bool Cools(this SessionPhase phase) => phase is SessionPhase.Precool or SessionPhase.Infusion or SessionPhase.Postcool;
}
