namespace Paxman.Edge.Core.Journal;

/// <summary>What a journal held when opened: what recovery at start-up needs.</summary>
/// <param name="OpenSessions">The newest row of every session that has rows but no final record.</param>
/// <param name="OpenAlarms">The newest change of every alarm whose last change is not <c>cleared</c>.</param>
/// <param name="ChainHead">The hash the next record chains to: the newest record's, the pruning anchor, or 64 zeros.</param>
/// <param name="LastCheckpoint">The newest unit checkpoint, or null for a new journal.</param>
/// <param name="Damaged">When the journal file was found damaged at start-up: what was kept aside; otherwise null.</param>
public sealed record JournalContents(
    IReadOnlyList<SessionRow> OpenSessions,
    IReadOnlyList<StoredAlarm> OpenAlarms,
    string ChainHead,
    UnitCheckpointWrite? LastCheckpoint,
    DamagedJournal? Damaged)
{
    /// <summary>The first record's previous hash: 64 zeros.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A new, empty journal.</summary>
    public static JournalContents Empty { get; } = new([], [], Genesis, null, null);

    /// <summary>
    /// Per channel, the newest row of the last session that ended (has a record): a channel shows <c>done</c> with that
    /// session's summary until the next one opens, across a restart too.
    /// </summary>
    public IReadOnlyList<SessionRow> LastEnded { get; init; } = [];

    /// <summary>
    /// The newest <c>clock-unsynced</c> or <c>clock-synced</c> unit event, or null: a clock unsynchronised when the
    /// host stopped goes on counting towards its alarm's hour from then (see <see cref="Time.ClockWatch"/>).
    /// </summary>
    public UnitEventWrite? LastClockSync { get; init; }
}

/// <summary>A damaged journal file found at start-up, renamed aside (never deleted).</summary>
/// <param name="KeptAs">The path it was renamed to.</param>
/// <param name="Problem">What was wrong (for the alarm and the log).</param>
public sealed record DamagedJournal(string KeptAs, string Problem);

/// <summary>A session row as stored (see <see cref="SessionRowWrite"/>).</summary>
public sealed record SessionRow(
    long Sequence,
    string SessionId,
    string Channel,
    string Kind,
    DateTimeOffset At,
    TimeSpan Timeline,
    string? OperatorId,
    string? Detail,
    string StateJson);

/// <summary>A final record as stored: its exact published text, and whether MQTT has delivered it.</summary>
public sealed record StoredRecord(long Sequence, string SessionId, string Channel, DateTimeOffset EndedAt, string Json, string Hash, string PrevHash, bool Delivered);

/// <summary>A notice as stored, with whether MQTT has delivered it.</summary>
public sealed record StoredNotice(long Sequence, string Notice, string Channel, string SessionId, DateTimeOffset At, bool Delivered);

/// <summary>The records outbox at a glance: how many final records wait for delivery, and when the oldest of them ended.</summary>
public readonly record struct RecordBacklog(int Count, DateTimeOffset? OldestEndedAt)
{
    public static RecordBacklog Empty => default;
}

/// <summary>An alarm change as stored.</summary>
public sealed record StoredAlarm(
    long Sequence,
    string AlarmId,
    string Code,
    string Priority,
    string State,
    string? Channel,
    DateTimeOffset At,
    string Message,
    bool Historical,
    bool Delivered);
