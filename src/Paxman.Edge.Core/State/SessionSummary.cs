namespace Paxman.Edge.Core.State;

/// <summary>A channel's session as shown in <c>/api/status</c> (README, "External interfaces").</summary>
public sealed record SessionSummary(
    string SessionId,
    string Phase,
    string? Outcome,
    long ElapsedSeconds,
    long? RemainingSeconds);
