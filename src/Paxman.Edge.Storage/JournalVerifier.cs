using Microsoft.Data.Sqlite;

namespace Paxman.Edge.Storage;

/// <summary>
/// Checks a journal without changing it (README, "Journal"): SQLite's quick_check, every row's checksum, every
/// record's hash against its text, and the chain from its start (64 zeros, or the anchor pruning left) to its head.
/// </summary>
public static class JournalVerifier
{
    /// <summary>
    /// Verifies the journal in <paramref name="folder"/>, read-only. While the journal is open elsewhere (its
    /// <c>-shm</c> exists) it reads the live file through that shared index without writing it; otherwise it reads a
    /// copy in a temporary folder, since SQLite would create an index file beside the journal.
    /// </summary>
    /// <param name="computeRecordHash">The record's hash from its text (lowercase hex SHA-256 of its canonical form without <c>hash</c>).</param>
    public static JournalVerification Verify(string folder, Func<string, string> computeRecordHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(computeRecordHash);
        var files = new JournalFiles(folder);
        if (!files.DatabaseExists)
        {
            return Broken(new JournalDefect("file", null, null, $"there is no {JournalSchema.FileName} in {files.Folder}"));
        }

        if (JournalScanner.CheckHeader(files.Database) is { } header)
        {
            return Broken(header);
        }

        if (File.Exists(files.Database + "-shm") && TryLive(files.Database, computeRecordHash) is { } live)
        {
            return live;
        }

        var copy = Directory.CreateTempSubdirectory("paxman-verify-");
        try
        {
            var database = Path.Combine(copy.FullName, JournalSchema.FileName);
            File.Copy(files.Database, database);
            if (File.Exists(files.Wal))
            {
                File.Copy(files.Wal, database + "-wal");
            }

            return Scan(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(), computeRecordHash);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>Reads the live journal with the shared index opened read-only; null when SQLite cannot (no writer has it open).</summary>
    private static JournalVerification? TryLive(string database, Func<string, string> computeRecordHash)
    {
        var uri = new Uri(database).AbsoluteUri + "?mode=ro&readonly_shm=1";
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            return Scan(connectionString, computeRecordHash, throwIfUnopened: true);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private static JournalVerification Scan(string connectionString, Func<string, string> computeRecordHash, bool throwIfUnopened = false)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        if (throwIfUnopened)
        {
            // Reading the schema is where a read-only index that cannot be used shows.
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master";
            probe.ExecuteScalar();
        }

        var scan = JournalScanner.Scan(connection, computeRecordHash);
        return new JournalVerification(scan.Defect is null, scan.Records, scan.Rows, scan.Defect);
    }

    private static JournalVerification Broken(JournalDefect defect) => new(false, 0, 0, defect);
}
