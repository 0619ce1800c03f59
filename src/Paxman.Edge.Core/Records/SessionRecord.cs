namespace Paxman.Edge.Core.Records;

/// <summary>
/// A treatment session's record, <c>"schema": "paxman.session/1"</c> (README, "Session record"): what billing
/// consumes. Once final (an <see cref="Outcome"/> and a <see cref="Hash"/>) it is immutable; a running session's
/// record so far has <c>Outcome</c> null and no hash.
/// </summary>
public sealed record SessionRecord
{
    public const string SchemaName = "paxman.session/1";

    public string Schema { get; init; } = SchemaName;

    public required string SessionId { get; init; }

    public required string UnitId { get; init; }

    /// <summary>"A" or "B".</summary>
    public required string Channel { get; init; }

    /// <summary>The opaque patient reference as stored (already pseudonymised when a key is configured).</summary>
    public required string PatientRef { get; init; }

    public required string OperatorId { get; init; }

    public required string Regimen { get; init; }

    public required bool ThickHair { get; init; }

    public required bool InitialFitting { get; init; }

    public required bool Simulated { get; init; }

    /// <summary><c>completed</c>, <c>finished-early</c>, <c>aborted</c>, or null while running.</summary>
    public string? Outcome { get; init; }

    /// <summary>One of the fixed abort reasons, or null.</summary>
    public string? AbortReason { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required PrescribedTimes Prescribed { get; init; }

    public required PrescribedTimes RegimenDefault { get; init; }

    /// <summary>Why <see cref="Prescribed"/> differs from <see cref="RegimenDefault"/>; null when it does not.</summary>
    public string? OverrideReason { get; init; }

    /// <summary>The phases that started, in order (a phase that never started is absent).</summary>
    public required IReadOnlyList<PhaseRecord> Phases { get; init; }

    public required BillableSeconds BillableSeconds { get; init; }

    public required IReadOnlyList<InterruptionRecord> Interruptions { get; init; }

    /// <summary>Supply temperature over the times the channel was cooled; null when it never was.</summary>
    public CoolantSummary? Coolant { get; init; }

    /// <summary>Alarm codes raised for this channel, or unit-wide, during the session (each once, in order first raised).</summary>
    public required IReadOnlyList<string> Alarms { get; init; }

    public required IReadOnlyList<BillingLine> Billing { get; init; }

    public required string BillingRule { get; init; }

    /// <summary>
    /// Whether the unit's wall clock was synchronised (NTP) at every moment of the session, so that its stamps can be
    /// vouched for (README, "Time the unit can vouch for"). Seconds never depend on it: they are measured on the
    /// monotonic clock. Null only in records sealed by a release before it existed.
    /// </summary>
    public bool? ClockSynced { get; init; }

    /// <summary>The previous record's hash on this unit (64 zeros for the first); null while running.</summary>
    public string? PrevHash { get; init; }

    /// <summary>Lowercase hex SHA-256 of the canonical record without <c>hash</c>; null while running.</summary>
    public string? Hash { get; init; }
}
