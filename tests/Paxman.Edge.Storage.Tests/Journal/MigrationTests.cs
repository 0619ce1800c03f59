using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage.Tests.Support;

namespace Paxman.Edge.Storage.Tests.Journal;

/// <summary>Schema versions across releases: each older schema's fixture journal migrates; a newer journal is refused untouched.</summary>
public sealed class MigrationTests : JournalTest
{
    public static TheoryData<int> OlderVersions() => [.. Enumerable.Range(1, JournalSchema.Version - 1)];

    [Fact]
    public void EveryOlderSchemaVersion_HasAFixtureJournalAndAMigration()
    {
        foreach (var version in Enumerable.Range(1, JournalSchema.Version - 1))
        {
            Assert.True(File.Exists(FixturePath(version)), $"no fixture journal for schema version {version}");
            Assert.True(JournalSchema.Migrations.ContainsKey(version), $"no migration from schema version {version}");
        }
    }

    [Theory]
    [MemberData(nameof(OlderVersions))]
    public void Open_FixtureOfAnOlderSchema_MigratesKeepingEveryRowAndTheChainVerifies(int version)
    {
        UnpackFixture(version);
        var before = TableCounts(DatabasePath);
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), Meta(DatabasePath, "schema_version"));

        using (var journal = Open())
        {
            Assert.Null(journal.Contents.Damaged);
            // The fixture's channel B was in its infusion: recovery gets it back, and A's record still waits for MQTT.
            var open = Assert.Single(journal.Contents.OpenSessions);
            Assert.Equal("B", open.Channel);
            var pending = Assert.Single(journal.PendingRecords(10));
            Assert.Equal("A", pending.Channel);
        }

        Assert.Equal(JournalSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Meta(DatabasePath, "schema_version"));
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), Meta(DatabasePath, "migrated_from"));
        foreach (var (table, rows) in before)
        {
            Assert.True(TableCounts(DatabasePath)[table] == rows, $"{table}: {rows} rows before, {TableCounts(DatabasePath)[table]} after");
        }

        Assert.Equal(0L, RawDatabase.Count(DatabasePath, JournalSchema.UnitEvents));
        // Incremental auto-vacuum, as a new journal has it: pruning a migrated journal hands pages back too.
        Assert.Equal(2L, Pragma(DatabasePath, "auto_vacuum"));
        // The copy from before the migration goes once the migrated journal has verified.
        Assert.Empty(Directory.GetFiles(Folder.Path, "journal.pre-*"));
        // A record sealed by the older release still verifies: the hash is over its text as published.
        var verification = JournalVerifier.Verify(Folder.Path, Core.Records.RecordChain.ComputeHash);
        Assert.True(verification.Intact, verification.FirstBrokenLink?.Description);
        Assert.Equal(1, verification.RecordsChecked);
    }

    [Fact]
    public void Open_MigratedJournal_TakesTheNewSchemasRowsAndOpensAgainWithoutMigrating()
    {
        UnpackFixture(1);
        using (var journal = Open())
        {
            journal.Append(new UnitEventWrite("clock-step", Writes.T0, TimeSpan.FromHours(3), "+2400.0"));
            journal.Flush();
        }

        using (var again = Open())
        {
            Assert.Null(again.Contents.Damaged);
        }

        Assert.Equal(1L, RawDatabase.Count(DatabasePath, JournalSchema.UnitEvents));
        Assert.Empty(Directory.GetFiles(Folder.Path, "journal.pre-*"));
        Assert.Equal("1", Meta(DatabasePath, "migrated_from"));
    }

    [Fact]
    public void Open_DamagedJournalOfAnOlderSchema_IsKeptAsideUnmigrated()
    {
        UnpackFixture(1);
        RawDatabase.Execute(DatabasePath, "UPDATE alarms SET message = message || 'x' WHERE seq = (SELECT MIN(seq) FROM alarms)");
        ExpectError("found damaged");

        using var journal = Open();

        var damaged = Assert.IsType<DamagedJournal>(journal.Contents.Damaged);
        Assert.Equal("1", Meta(damaged.KeptAs, "schema_version"));
        Assert.Empty(Directory.GetFiles(Folder.Path, "journal.pre-*"));
    }

    [Fact]
    public void Migrate_ResultThatDoesNotCheck_PutsTheJournalBackAsItWasAndRefuses()
    {
        UnpackFixture(1);
        var before = Digest(DatabasePath);
        var files = new JournalFiles(Folder.Path);
        var spoilt = new ScanResult();
        spoilt.Report(new JournalDefect("records", 1, null, "a test's defect"));

        var refused = Assert.Throws<JournalMigrationException>(() => JournalMigration.Migrate(files, 1, LoggerFor<SqliteJournal>(), _ => spoilt));

        Assert.Contains("did not verify after its migration from schema version 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Digest(DatabasePath));
        Assert.Equal("1", Meta(DatabasePath, "schema_version"));
        Assert.Empty(Directory.GetFiles(Folder.Path, "journal.pre-*"));
    }

    [Fact]
    public void Open_CopyLeftBesideAVerifiedJournal_IsRemoved()
    {
        // A crash after the migration committed but before its check: the next start checks and removes the copy.
        using (Open())
        {
        }

        var copy = JournalMigration.BackupPath(new JournalFiles(Folder.Path), 1);
        File.Copy(DatabasePath, copy);

        using (Open())
        {
        }

        Assert.False(File.Exists(copy));
    }

    [Fact]
    public void Open_JournalOfANewerSchema_IsRefusedNamingTheVersion_AndNotChanged()
    {
        using (var journal = Open())
        {
            journal.Append(new UnitEventWrite("clock-step", Writes.T0, TimeSpan.FromHours(3), "-120.0"));
        }

        SetMeta(DatabasePath, "schema_version", "7");
        var before = Digest(DatabasePath);

        var refused = Assert.Throws<JournalVersionException>(() => Open());

        Assert.Equal(7, refused.Version);
        Assert.Contains("has schema version 7, newer than this release's " + JournalSchema.Version, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Digest(DatabasePath));
        // Read as immutable: no write-ahead log or shared-memory file was made beside it.
        Assert.False(File.Exists(DatabasePath + "-wal"));
        Assert.False(File.Exists(DatabasePath + "-shm"));
        Assert.Empty(Directory.GetFiles(Folder.Path, "journal.damaged-*"));
    }

    [Fact]
    public void Open_JournalOfANewerSchemaWithItsLogAfterACrash_IsRefusedAndNeitherFileChanges()
    {
        using (Open())
        {
        }

        // The newer release's last commit is still in the write-ahead log (it crashed before a checkpoint).
        using (var writer = RawDatabase.Open(DatabasePath))
        {
            using var noCheckpoint = writer.CreateCommand();
            noCheckpoint.CommandText = "PRAGMA wal_autocheckpoint = 0";
            noCheckpoint.ExecuteNonQuery();
            SetMeta(writer, "schema_version", "3");
            File.Copy(DatabasePath, DatabasePath + ".snap");
            File.Copy(DatabasePath + "-wal", DatabasePath + "-wal.snap");
            SqliteConnection.ClearAllPools();
        }

        // The copies are what a crash leaves: the file as it was and the log holding the commit.
        File.Delete(DatabasePath);
        File.Delete(DatabasePath + "-wal");
        File.Delete(DatabasePath + "-shm");
        File.Move(DatabasePath + ".snap", DatabasePath);
        File.Move(DatabasePath + "-wal.snap", DatabasePath + "-wal");
        var (database, log) = (Digest(DatabasePath), Digest(DatabasePath + "-wal"));

        var refused = Assert.Throws<JournalVersionException>(() => Open());

        Assert.Equal(3, refused.Version);
        Assert.Equal(database, Digest(DatabasePath));
        Assert.Equal(log, Digest(DatabasePath + "-wal"));
    }

    private void UnpackFixture(int version)
    {
        using var packed = File.OpenRead(FixturePath(version));
        using var gzip = new GZipStream(packed, CompressionMode.Decompress);
        using var file = File.Create(DatabasePath);
        gzip.CopyTo(file);
    }

    private static string FixturePath(int version) => Path.Combine(AppContext.BaseDirectory, "Fixtures", $"journal-v{version}.db.gz");

    private static long Pragma(string path, string name)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    private static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string? Meta(string path, string key)
    {
        using var connection = RawDatabase.Open(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private static void SetMeta(string path, string key, string value)
    {
        using var connection = RawDatabase.Open(path);
        SetMeta(connection, key, value);
    }

    private static void SetMeta(SqliteConnection connection, string key, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE meta SET value = $value, crc = $crc WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$crc", JournalRows.MetaChecksum(new RowChecksum(), key, value));
        command.ExecuteNonQuery();
    }

    private static Dictionary<string, long> TableCounts(string path) => new[]
    {
        JournalSchema.SessionRows, JournalSchema.Records, JournalSchema.Alarms, JournalSchema.Notices, JournalSchema.UnitCheckpoint,
    }.ToDictionary(table => table, table => RawDatabase.Count(path, table));
}
