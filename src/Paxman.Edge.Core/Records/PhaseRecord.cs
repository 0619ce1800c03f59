namespace Paxman.Edge.Core.Records;

/// <summary>One phase of a session: wall-clock stamps, and seconds measured on the monotonic clock (floored).</summary>
public sealed record PhaseRecord(string Phase, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long Seconds, long InterruptedSeconds);
