namespace Paxman.Edge.Core.Journal;

/// <summary>One write the engine hands the journal.</summary>
public abstract record JournalWrite;

/// <summary>
/// A session row: an event (who did what, when, on which channel) or a progress checkpoint. Each carries the
/// session's whole state after it (<see cref="StateJson"/>), so recovery takes a session's newest row and nothing
/// journaled is ever replayed twice.
/// </summary>
/// <param name="Kind">The event's name (<c>opened</c>, <c>precool</c>, <c>infusion-start</c>, ..., <c>interruption-start</c>) or <c>checkpoint</c>.</param>
/// <param name="Timeline">The unit's monotonic timeline at the row (device time, continued across restarts).</param>
/// <param name="OperatorId">The nurse who acted, for nurse actions; null for hardware events and checkpoints.</param>
/// <param name="Detail">A short machine-readable detail (a cause, a reason), or null. Never a patient reference.</param>
public sealed record SessionRowWrite(
    string SessionId,
    string Channel,
    string Kind,
    DateTimeOffset At,
    TimeSpan Timeline,
    string? OperatorId,
    string? Detail,
    string StateJson) : JournalWrite;

/// <summary>
/// A session's final record, sealed (hashed and chained), written in one transaction with its outbox row. From then on
/// the session is closed: recovery no longer returns it as open.
/// </summary>
/// <param name="Json">The record's exact published text (UTF-8 JSON), which the hash covers.</param>
public sealed record RecordWrite(string SessionId, string Channel, DateTimeOffset EndedAt, string Json, string Hash, string PrevHash) : JournalWrite;

/// <summary>An alarm change (raised, acknowledged, cleared), journaled with its outbox row.</summary>
public sealed record AlarmWrite(
    string AlarmId,
    string Code,
    string Priority,
    string State,
    string? Channel,
    DateTimeOffset At,
    string Message,
    bool Historical) : JournalWrite;

/// <summary>
/// A notice for the nurse station (<c>.../notices</c>, README, "External interfaces"), journaled with its outbox row in
/// the tick that knew the moment: <c>precool-complete</c>, <c>postcool-complete</c>, <c>cap-off-long</c>,
/// <c>awaiting-resume</c> or <c>session-aborted</c>. It names the channel and session, never the patient.
/// </summary>
public sealed record NoticeWrite(string Notice, string Channel, string SessionId, DateTimeOffset At) : JournalWrite;

/// <summary>
/// The unit's own checkpoint, written every 10 s of device time: where its timeline stood, so that a restart can
/// measure the outage (README, "Recovery"). Only the newest is kept.
/// </summary>
/// <param name="Monotonic">The monotonic clock's timestamp (<see cref="TimeProvider.GetTimestamp"/>) at the checkpoint.</param>
/// <param name="Frequency">Its frequency, ticks per second.</param>
/// <param name="BootId">Identifies the monotonic clock's epoch (the board's boot, or the simulated unit's power-on); a restart under another one measures the outage on the wall clock.</param>
public sealed record UnitCheckpointWrite(TimeSpan Timeline, DateTimeOffset At, long Monotonic, long Frequency, string BootId) : JournalWrite;

/// <summary>
/// A unit-wide event, not any one session's (journal schema version 2): <c>clock-step</c> when the wall clock jumped by
/// more than 2 s against the monotonic timeline (<see cref="Detail"/> gives the step in seconds, signed, e.g. <c>+2400.0</c>).
/// </summary>
/// <param name="At">The wall clock at the event (after a step: the new reading).</param>
/// <param name="Timeline">The unit's monotonic timeline at the event.</param>
public sealed record UnitEventWrite(string Kind, DateTimeOffset At, TimeSpan Timeline, string Detail) : JournalWrite;
