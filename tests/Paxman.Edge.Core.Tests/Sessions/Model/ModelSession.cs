using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>One session as the reference model sees it: what was prescribed, the phases, the uncooled stretches, the end.</summary>
internal sealed class ModelSession
{
    public required string SessionId { get; init; }

    public required string Channel { get; init; }

    public required string Regimen { get; init; }

    public required bool ThickHair { get; init; }

    public required bool InitialFitting { get; init; }

    public required long PrescribedPrecool { get; init; }

    public required long PrescribedPostcool { get; init; }

    public required long DefaultPrecool { get; init; }

    public required long DefaultPostcool { get; init; }

    public required string? OverrideReason { get; init; }

    public required TimeSpan Opened { get; init; }

    public SessionPhase Phase { get; set; } = SessionPhase.Prepared;

    public List<ModelSpan> Phases { get; } = [];

    public List<ModelSpan> Interruptions { get; } = [];

    /// <summary>"stop-button" or "power-loss" while the session waits for the nurse's resume.</summary>
    public string? Awaiting { get; set; }

    public TimeSpan? AskingSince { get; set; }

    public string? Outcome { get; set; }

    public string? AbortReason { get; set; }

    public TimeSpan? Ended { get; set; }

    public List<string> Alarms { get; set; } = [];

    public bool Busy => Outcome is null;

    public bool Cools => Phase is SessionPhase.Precool or SessionPhase.Infusion or SessionPhase.Postcool;

    public ModelSpan? Open(string cause) => Interruptions.Find(i => i.IsOpen && i.Name == cause);

    public ModelSpan? PhaseSpan(string name) => Phases.Find(p => p.Name == name);
}
