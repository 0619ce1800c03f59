namespace Paxman.Edge.Storage;

/// <summary>The alarm change states the journal itself acts on (README, "External interfaces": alarms).</summary>
internal static class AlarmStates
{
    /// <summary>An alarm whose newest change is this one is no longer open.</summary>
    public const string Cleared = "cleared";
}
