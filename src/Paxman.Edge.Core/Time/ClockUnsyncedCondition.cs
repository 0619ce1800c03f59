using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Time;

/// <summary>
/// The wall clock has been unsynchronised for more than an hour of device time (README, "Time the unit can vouch for"):
/// low priority. Treatment and billed seconds are unaffected (they are measured on the monotonic clock); the records'
/// stamps cannot be vouched for, and their <c>clockSynced</c> says so.
/// </summary>
public sealed class ClockUnsyncedCondition : SignalledCondition
{
    public override string Code => "clock-unsynced";

    public override AlarmPriority Priority => AlarmPriority.Low;

    public override TimeSpan DetectionTime => TimeSpan.FromHours(1);

    public override bool HoldsSafeState => false;

    public override string Message => "The unit's clock has not been synchronised for over an hour: times on records may be wrong. Call a technician to check the network time.";
}
