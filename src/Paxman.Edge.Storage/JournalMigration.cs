using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Storage;

/// <summary>
/// Schema versions across releases (README, "Schema versions and migrations"). A journal of an older version is checked
/// whole at its own version, copied aside byte for byte with its write-ahead log (<c>journal.pre-v{N}-from-v{M}.db</c>),
/// migrated up in one transaction, and checked again; the copy is removed only once the
/// migrated journal has been verified. A journal of a newer version is refused, read only.
/// </summary>
internal static class JournalMigration
{
    /// <summary>
    /// The schema version in the journal's meta, read through a read-only connection; null when there is none that can
    /// be read (a damaged or foreign file, which the full check then reports).
    /// </summary>
    public static int? ReadVersion(string path)
    {
        if (JournalScanner.CheckHeader(path) is not null)
        {
            return null;
        }

        try
        {
            // Without a write-ahead log the file alone is the journal: read it as immutable, which creates no -wal or
            // -shm beside it. With one (after a crash) the log must be read too; a read-only connection never
            // checkpoints it into the file.
            using var connection = File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0
                ? Connect(path, SqliteOpenMode.ReadOnly)
                : Connect(new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1", SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = $key";
            command.Parameters.AddWithValue("$key", JournalSchema.VersionKey);
            return command.ExecuteScalar() is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>The copy kept while a journal of <paramref name="from"/> is migrated.</summary>
    public static string BackupPath(JournalFiles files, int from) => Path.Combine(files.Folder, $"journal.pre-v{JournalSchema.Version}-from-v{from}.db");

    /// <summary>
    /// Migrates the checked journal from <paramref name="from"/> to <see cref="JournalSchema.Version"/> and returns the
    /// check of the result. A migrated journal that does not check is put back as it was and start-up refused.
    /// </summary>
    /// <exception cref="JournalMigrationException">The migrated journal did not verify; the journal is back as it was before.</exception>
    public static ScanResult Migrate(JournalFiles files, int from, ILogger logger, Func<string, ScanResult> check)
    {
        var backup = BackupPath(files, from);
        JournalFiles.Delete(backup);
        // A byte-for-byte copy of the file and of its write-ahead log, if any: nothing holds the journal open yet.
        foreach (var companion in (string[])["", "-wal"])
        {
            if (File.Exists(files.Database + companion))
            {
                File.Copy(files.Database + companion, backup + companion);
            }
        }

        using (var connection = Connect(files.Database, SqliteOpenMode.ReadWrite))
        {
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;";
                pragmas.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            for (var version = from; version < JournalSchema.Version; version++)
            {
                using var step = connection.CreateCommand();
                step.Transaction = transaction;
                step.CommandText = JournalSchema.Migrations[version];
                step.ExecuteNonQuery();
            }

            var crc = new RowChecksum();
            SetMeta(connection, transaction, crc, JournalSchema.VersionKey, JournalSchema.Version.ToString(CultureInfo.InvariantCulture));
            SetMeta(connection, transaction, crc, JournalSchema.MigratedFromKey, from.ToString(CultureInfo.InvariantCulture));
            transaction.Commit();
            ReclaimSpaceFromNowOn(connection, logger);
        }

        logger.Migrated(from, JournalSchema.Version, backup);
        var result = check(files.Database);
        if (result.Defect is { } defect)
        {
            // Never run on a journal the migration may have spoilt: the copy goes back, and a person looks.
            JournalFiles.Delete(files.Database);
            foreach (var companion in (string[])["", "-wal"])
            {
                if (File.Exists(backup + companion))
                {
                    File.Move(backup + companion, files.Database + companion);
                }
            }

            throw new JournalMigrationException(
                $"the journal {files.Database} did not verify after its migration from schema version {from} to {JournalSchema.Version} ({defect.Description}); " +
                "it is back as it was before the migration; keep the folder and call service");
        }

        return result;
    }

    /// <summary>The journal has been checked whole at this release's version: a copy kept from its migration can go.</summary>
    public static void Verified(JournalFiles files, ILogger logger)
    {
        foreach (var backup in Directory.EnumerateFiles(files.Folder, $"journal.pre-v{JournalSchema.Version}-from-v*.db"))
        {
            JournalFiles.Delete(backup);
            logger.MigrationVerified(backup);
        }
    }

    /// <summary>
    /// Incremental auto-vacuum, as a new journal has it (README, "Retention"): SQLite changes it on an existing file only
    /// by a VACUUM, which rewrites the file outside any transaction, atomically. It needs about the journal's size free
    /// once; when that fails (a full disk) the journal stays as it was, correct, and keeps freed pages for reuse.
    /// </summary>
    private static void ReclaimSpaceFromNowOn(SqliteConnection connection, ILogger logger)
    {
        try
        {
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;";
            vacuum.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            logger.MigrationVacuumFailed(e.SqliteErrorCode, e.Message);
        }
    }

    private static void SetMeta(SqliteConnection connection, SqliteTransaction transaction, RowChecksum crc, string key, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value, crc) VALUES ($key, $value, $crc) ON CONFLICT (key) DO UPDATE SET value = excluded.value, crc = excluded.crc";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$crc", JournalRows.MetaChecksum(crc, key, value));
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}

/// <summary>The journal was written by a newer release (a downgrade): this release refuses it and never writes to it.</summary>
public sealed class JournalVersionException(string path, int version)
    : Exception($"the journal {path} has schema version {version}, newer than this release's {JournalSchema.Version}: a newer Paxman Edge wrote it; " +
        "this release cannot use it and has not changed it; install the newer release again")
{
    /// <summary>The version the journal carries.</summary>
    public int Version { get; } = version;
}

/// <summary>A migrated journal did not verify; it has been put back as it was before the migration.</summary>
public sealed class JournalMigrationException(string message) : Exception(message);
