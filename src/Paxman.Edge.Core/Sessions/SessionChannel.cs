namespace Paxman.Edge.Core.Sessions;

/// <summary>One cap channel's session: the running one, or the last one (done) until the next opens.</summary>
public sealed class SessionChannel
{
    internal SessionChannel(CapChannel channel)
    {
        Channel = channel;
    }

    public CapChannel Channel { get; }

    /// <summary>The running session, or the last one (done), or null before the first.</summary>
    public TreatmentSession? Session { get; internal set; }

    /// <summary>The channel's state in the transition table.</summary>
    public SessionPhase Phase => Session?.Phase ?? SessionPhase.Idle;

    /// <summary>A session is open (prepared or cooling) and not ended.</summary>
    public bool Busy => Session is { IsFinal: false };

    /// <summary>Cooling is wanted now: a session in a cooling phase, not waiting for a resume, with its cap plugged in.</summary>
    public bool WantsCooling(bool capConnected) => capConnected && Session is { WantsCooling: true };

    /// <summary>The device timeline when the next progress checkpoint is due.</summary>
    internal TimeSpan NextCheckpoint { get; set; }
}
