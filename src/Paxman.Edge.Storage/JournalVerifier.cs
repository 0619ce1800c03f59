using Microsoft.Data.Sqlite;

namespace Paxman.Edge.Storage;

/// <summary>
/// Checks a journal without changing it (README, "Journal"): SQLite's quick_check, every row's checksum, every
/// record's hash against its text, and the chain from its start (64 zeros, or the anchor pruning left) to its head.
/// </summary>
public static class JournalVerifier
{
    /// <summary>
    /// Verifies the journal in <paramref name="folder"/> on a read-only connection: neither <c>journal.db</c> nor its
    /// WAL changes. When the journal is open elsewhere (its <c>-shm</c>, SQLite's shared-memory index, exists) it reads
    /// the live files, and SQLite moves its reader's mark in that index as every reader does; otherwise it reads a
    /// copy in a temporary folder, since SQLite would otherwise create the index beside the journal.
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

        if (File.Exists(files.Database + "-shm"))
        {
            return Scan(ReadOnly(files.Database), computeRecordHash);
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

            return Scan(ReadOnly(database), computeRecordHash);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static string ReadOnly(string database) =>
        new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    private static JournalVerification Scan(string connectionString, Func<string, string> computeRecordHash)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var scan = JournalScanner.Scan(connection, computeRecordHash);
        return new JournalVerification(scan.Defect is null, scan.Records, scan.Rows, scan.Defect);
    }

    private static JournalVerification Broken(JournalDefect defect) => new(false, 0, 0, defect);
}
