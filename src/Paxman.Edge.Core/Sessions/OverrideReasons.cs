namespace Paxman.Edge.Core.Sessions;

/// <summary>Why prescribed times differ from the regimen's defaults (README, "HTTP API"): a fixed list auditors can count.</summary>
public static class OverrideReasons
{
    public static IReadOnlyList<string> All { get; } = ["prescriber-order", "regimen-protocol", "patient-tolerance", "other"];
}
