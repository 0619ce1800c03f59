namespace Paxman.Edge.Storage;

/// <summary>
/// The journal's tables (README, "Journal"). Every sequence is the journal's own: one counter across all tables, so
/// a row's <c>seq</c> is the number <see cref="SqliteJournal.Append"/> returned for it. Times are UTC ticks and
/// durations ticks, in integers, so that they round-trip exactly and sort as they should.
/// </summary>
internal static class JournalSchema
{
    /// <summary>
    /// This release's schema version (README, "Schema versions and migrations"). 1: the first release. 2: adds the
    /// <c>unit_events</c> table (unit-wide events such as wall-clock steps) and makes the notices outbox part of the
    /// schema (before, a writer added it to a version-1 journal with IF NOT EXISTS).
    /// </summary>
    public const int Version = 2;
    public const string FileName = "journal.db";

    public const string Meta = "meta";
    public const string SessionRows = "session_rows";
    public const string Records = "records";
    public const string Alarms = "alarms";
    public const string UnitCheckpoint = "unit_checkpoint";
    public const string Notices = "notices";
    public const string UnitEvents = "unit_events";

    /// <summary>The meta keys.</summary>
    public const string VersionKey = "schema_version";
    public const string CreatedAtKey = "created_at";
    public const string MigratedFromKey = "migrated_from";
    public const string ChainAnchorKey = "chain_anchor";
    public const string HighWaterKey = "high_water_seq";
    public const string DamagedPredecessorKey = "damaged_predecessor";
    public const string DamagedProblemKey = "damaged_problem";
    public const string DamagedChainHeadKey = "damaged_chain_head";

    /// <summary>The session row kind of a progress checkpoint, which is not an event of the audit trail.</summary>
    public const string CheckpointKind = "checkpoint";

    public const string Create = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL,
            crc INTEGER NOT NULL);
        CREATE TABLE session_rows (
            seq INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            timeline INTEGER NOT NULL,
            operator_id TEXT,
            detail TEXT,
            state_json TEXT NOT NULL,
            crc INTEGER NOT NULL);
        CREATE INDEX session_rows_by_session ON session_rows (session_id, seq);
        CREATE TABLE records (
            seq INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            ended_at INTEGER NOT NULL,
            json TEXT NOT NULL,
            hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            delivered_at INTEGER,
            crc INTEGER NOT NULL);
        CREATE INDEX records_by_end ON records (ended_at, seq);
        CREATE INDEX records_pending ON records (seq) WHERE delivered_at IS NULL;
        CREATE TABLE alarms (
            seq INTEGER PRIMARY KEY,
            alarm_id TEXT NOT NULL,
            code TEXT NOT NULL,
            priority TEXT NOT NULL,
            state TEXT NOT NULL,
            channel TEXT,
            at INTEGER NOT NULL,
            message TEXT NOT NULL,
            historical INTEGER NOT NULL,
            delivered_at INTEGER,
            crc INTEGER NOT NULL);
        CREATE INDEX alarms_by_alarm ON alarms (alarm_id, seq);
        CREATE INDEX alarms_pending ON alarms (seq) WHERE delivered_at IS NULL;
        CREATE TABLE unit_checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            timeline INTEGER NOT NULL,
            at INTEGER NOT NULL,
            monotonic INTEGER NOT NULL,
            frequency INTEGER NOT NULL,
            boot_id TEXT NOT NULL,
            crc INTEGER NOT NULL);
        """ + CreateNotices + CreateUnitEvents;

    /// <summary>
    /// The notices outbox, added after schema version 1 shipped: some version-1 journals have it (a version-1 writer
    /// added it with IF NOT EXISTS) and some do not, so the migration to version 2 creates it only where it is missing.
    /// </summary>
    public const string CreateNotices = """

        CREATE TABLE IF NOT EXISTS notices (
            seq INTEGER PRIMARY KEY,
            notice TEXT NOT NULL,
            channel TEXT NOT NULL,
            session_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            delivered_at INTEGER,
            crc INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS notices_pending ON notices (seq) WHERE delivered_at IS NULL;
        """;

    /// <summary>Unit-wide events (schema version 2): a wall-clock step with its size, ...; <c>at</c> is the wall clock after the event.</summary>
    public const string CreateUnitEvents = """

        CREATE TABLE unit_events (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            timeline INTEGER NOT NULL,
            detail TEXT NOT NULL,
            crc INTEGER NOT NULL);
        """;

    /// <summary>
    /// The migrations, by the version they start from: each takes a journal one version up, in one transaction with the
    /// new version's meta row. Never edit one that has shipped; add the next.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, string> Migrations = new Dictionary<int, string>
    {
        [1] = CreateNotices + CreateUnitEvents,
    };

    public const string SessionColumns = "seq, session_id, channel, kind, at, timeline, operator_id, detail, state_json, crc";
    public const string RecordColumns = "seq, session_id, channel, ended_at, json, hash, prev_hash, delivered_at, crc";
    public const string AlarmColumns = "seq, alarm_id, code, priority, state, channel, at, message, historical, delivered_at, crc";
    public const string NoticeColumns = "seq, notice, channel, session_id, at, delivered_at, crc";
    public const string UnitEventColumns = "seq, kind, at, timeline, detail, crc";
    public const string CheckpointColumns = "seq, timeline, at, monotonic, frequency, boot_id, crc";
}
