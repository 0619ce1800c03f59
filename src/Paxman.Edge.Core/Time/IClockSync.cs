namespace Paxman.Edge.Core.Time;

/// <summary>
/// Whether the unit's wall clock is synchronised (README, "Time the unit can vouch for"): on the board from the
/// kernel's NTP status, in Simulated mode and the scenario runner from the simulator fault <c>clock-unsynced</c>.
/// Read on the engine's thread once a second; it must not block.
/// </summary>
public interface IClockSync
{
    /// <summary>Whether the wall clock reading <paramref name="wallNow"/> can be vouched for.</summary>
    bool IsSynchronised(DateTimeOffset wallNow);
}

/// <summary>A clock taken as synchronised (a bare engine in tests).</summary>
public sealed class AlwaysSynchronised : IClockSync
{
    public static readonly AlwaysSynchronised Instance = new();

    public bool IsSynchronised(DateTimeOffset wallNow) => true;
}
