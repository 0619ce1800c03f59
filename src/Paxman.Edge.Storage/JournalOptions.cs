namespace Paxman.Edge.Storage;

/// <summary>How the journal keeps what it has (configuration <c>Storage:RetentionDays</c>, bound and validated with <c>Storage:Path</c>).</summary>
public sealed class JournalOptions
{
    public const int DefaultRetentionDays = 90;
    public const int MaxRetentionDays = 36_500;

    /// <summary>Days after its delivery that a record (with its session's rows) is kept; undelivered records are never pruned.</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;
}
