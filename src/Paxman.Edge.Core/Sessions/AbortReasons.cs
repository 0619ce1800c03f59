namespace Paxman.Edge.Core.Sessions;

/// <summary>The fixed reasons a session may end aborted (README, "HTTP API"): never free text.</summary>
public static class AbortReasons
{
    public const string PatientRequest = "patient-request";
    public const string PatientUnwell = "patient-unwell";
    public const string InfusionCancelled = "infusion-cancelled";
    public const string DeviceFault = "device-fault";
    public const string Other = "other";

    /// <summary>Set by the unit when no nurse resumed within the resume window.</summary>
    public const string PowerLoss = "power-loss";

    /// <summary>Set by the unit when no nurse resumed within the resume window after a STOP.</summary>
    public const string StopButton = "stop-button";

    /// <summary>The reasons a nurse may give.</summary>
    public static IReadOnlyList<string> ForNurses { get; } = [PatientRequest, PatientUnwell, InfusionCancelled, DeviceFault, Other];
}
