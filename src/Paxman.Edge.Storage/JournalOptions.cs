namespace Paxman.Edge.Storage;

/// <summary>Configuration section <c>Storage</c> (README, "Configuration").</summary>
public sealed class JournalOptions
{
    public const string Section = "Storage";
    public const string DefaultPath = "./data";
    public const int DefaultRetentionDays = 90;
    public const int MaxRetentionDays = 36_500;

    /// <summary>The folder of <c>journal.db</c>, relative to where the unit was started; what the host passes to <see cref="SqliteJournal.Open"/>.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>Days after its delivery that a record (with its session's rows) is kept; undelivered records are never pruned.</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield return "Storage:Path: is empty; name the folder of the journal.";
        }

        if (RetentionDays is < 1 or > MaxRetentionDays)
        {
            yield return $"Storage:RetentionDays: {RetentionDays} is out of range; use 1 to {MaxRetentionDays}.";
        }
    }
}
