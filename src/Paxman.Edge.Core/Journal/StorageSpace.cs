using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Journal;

/// <summary>The data partition's size and free space (the partition holding <c>Storage:Path</c>).</summary>
public readonly record struct StorageSpace(long TotalBytes, long FreeBytes)
{
    /// <summary>The share of the partition in use, 0..1.</summary>
    public double UsedFraction => TotalBytes <= 0 ? 0 : 1 - ((double)FreeBytes / TotalBytes);
}

/// <summary>The latest reading of the data partition's space, sampled off the engine's thread; null before the first.</summary>
public interface IStorageSpaceGauge
{
    StorageSpace? Latest { get; }
}

/// <summary>
/// The data partition is filling (README, "Space"): medium priority at 80 % used. New sessions are still accepted
/// while 50 MB are free.
/// </summary>
public sealed class StorageLowCondition : SignalledCondition
{
    public override string Code => "storage-low";

    public override AlarmPriority Priority => AlarmPriority.Medium;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(10);

    public override bool HoldsSafeState => false;

    public override string Message => "The unit's storage is over 80 % full. Treatment goes on; call a technician to free space.";
}

/// <summary>
/// The data partition is nearly full (README, "Space"): high priority at 95 % used, before the journal fails. Running
/// sessions go on; below 50 MB free a new one is refused.
/// </summary>
public sealed class StorageCriticalCondition : SignalledCondition
{
    public override string Code => "storage-critical";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromSeconds(10);

    public override bool HoldsSafeState => false;

    public override string Message => "The unit's storage is over 95 % full: session times may soon not be saved. Call a technician now; running treatments go on.";
}

/// <summary>The storage thresholds, and whether a new session can be saved.</summary>
public static class StorageLimits
{
    public const double LowFraction = 0.80;
    public const double CriticalFraction = 0.95;

    /// <summary>Below this much free space a new session is refused (a running one is never cut short).</summary>
    public const long NewSessionMinimumFreeBytes = 50L * 1024 * 1024;
}
