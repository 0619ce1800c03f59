namespace Paxman.Edge.Core.Sessions;

/// <summary>A nurse opens a session on a channel (README, "HTTP API", <c>POST /api/channels/{ch}/sessions</c>).</summary>
public sealed record NewSessionRequest
{
    public string? PatientRef { get; init; }

    public string? OperatorId { get; init; }

    public string? Regimen { get; init; }

    public bool ThickHair { get; init; }

    public bool InitialFitting { get; init; }

    /// <summary>A prescribed pre-cool other than the regimen's, 5..60 minutes.</summary>
    public int? PreCoolMinutes { get; init; }

    /// <summary>A prescribed post-cool other than the regimen's, 15..180 minutes.</summary>
    public int? PostCoolMinutes { get; init; }

    /// <summary>Why the prescribed times differ from the regimen's defaults (a fixed list).</summary>
    public string? OverrideReason { get; init; }
}
