using System.Globalization;

namespace Paxman.Edge.Storage;

/// <summary>
/// The journal's files in its folder: <c>journal.db</c> with SQLite's <c>-wal</c> and <c>-shm</c> beside it; a new
/// journal is built as <c>journal.db.new</c> and renamed into place only once complete, so that an empty or
/// half-made <c>journal.db</c> can only mean damage; a damaged one is renamed to <c>journal.damaged-&lt;UTC&gt;.db</c>.
/// </summary>
internal sealed class JournalFiles(string folder)
{
    private static readonly string[] Companions = ["-wal", "-shm"];

    public string Folder { get; } = Path.GetFullPath(folder);

    public string Database => Path.Combine(Folder, JournalSchema.FileName);

    public string Wal => Database + "-wal";

    public string Building => Database + ".new";

    public bool DatabaseExists => File.Exists(Database);

    public bool WalExists => File.Exists(Wal) && new FileInfo(Wal).Length > 0;

    /// <summary>
    /// Tidies after a crash while a new journal was being made: a complete <c>journal.db.new</c> without a
    /// <c>journal.db</c> was about to be renamed into place (the damaged one was already set aside); beside a
    /// <c>journal.db</c> it is an unfinished one, holding nothing but its schema.
    /// </summary>
    public void FinishInterruptedSwap()
    {
        if (!File.Exists(Building))
        {
            return;
        }

        if (DatabaseExists)
        {
            Delete(Building);
        }
        else
        {
            File.Move(Building, Database);
        }
    }

    /// <summary>The name the damaged journal will be kept as: <c>journal.damaged-20260105T130000123Z.db</c>, never one already taken.</summary>
    public string DamagedName(DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var name = Path.Combine(Folder, $"journal.damaged-{stamp}.db");
        for (var n = 2; Taken(name); n++)
        {
            name = Path.Combine(Folder, $"journal.damaged-{stamp}-{n}.db");
        }

        return name;
    }

    /// <summary>Renames the journal and its companions to <paramref name="keptAs"/> (never deletes them).</summary>
    public void KeepAside(string keptAs)
    {
        if (File.Exists(Database))
        {
            File.Move(Database, keptAs);
        }

        foreach (var companion in Companions)
        {
            if (File.Exists(Database + companion))
            {
                File.Move(Database + companion, keptAs + companion);
            }
        }
    }

    /// <summary>Puts the journal built as <see cref="Building"/> in place.</summary>
    public void Install() => File.Move(Building, Database);

    public static void Delete(string database)
    {
        File.Delete(database);
        foreach (var companion in Companions)
        {
            File.Delete(database + companion);
        }
    }

    private static bool Taken(string name) => File.Exists(name) || Companions.Any(companion => File.Exists(name + companion));
}
