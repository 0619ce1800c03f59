using Storage = Paxman.Edge.Storage;

namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Storage</c> (README, "Configuration").</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultPath = "./data";

    /// <summary>Folder of the SQLite journal; relative paths are taken from the directory the unit was started in.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>Days after its delivery that a record is kept (undelivered records are never pruned).</summary>
    public int RetentionDays { get; set; } = Storage.JournalOptions.DefaultRetentionDays;

    /// <summary>The absolute folder, resolved against the current directory at start.</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path);

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield return "Storage:Path: empty; name the folder for the unit's journal.";
            yield break;
        }

        if (RetentionDays is < 1 or > Storage.JournalOptions.MaxRetentionDays)
        {
            yield return $"Storage:RetentionDays: {RetentionDays} is out of range; use 1 to {Storage.JournalOptions.MaxRetentionDays} days.";
            yield break;
        }

        string? problem = null;
        try
        {
            Directory.CreateDirectory(FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"Storage:Path: cannot use '{Path}' as the journal folder: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
