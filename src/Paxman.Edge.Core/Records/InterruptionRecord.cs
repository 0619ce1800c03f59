namespace Paxman.Edge.Core.Records;

/// <summary>Time inside a phase when the cap was not being cooled.</summary>
public sealed record InterruptionRecord(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long Seconds, string Cause);
