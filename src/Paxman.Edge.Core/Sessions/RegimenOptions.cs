namespace Paxman.Edge.Core.Sessions;

/// <summary>One regimen's default times in minutes (configuration <c>Sessions:Regimens:{name}</c>).</summary>
public sealed class RegimenOptions
{
    public int PreCoolMinutes { get; set; } = 30;

    public int PostCoolMinutes { get; set; } = 90;
}
