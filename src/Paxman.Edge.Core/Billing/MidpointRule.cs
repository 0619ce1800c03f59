namespace Paxman.Edge.Core.Billing;

/// <summary>
/// <c>cpt-2026/midpoint</c>: a unit once past the midpoint of its 30 minutes, floor((s + 840) / 1800), so 16-45 minutes
/// is 1 unit and 46-75 minutes is 2.
/// </summary>
public sealed class MidpointRule : BillingRule
{
    /// <summary>The rule's name.</summary>
    public const string RuleName = "cpt-2026/midpoint";

    /// <inheritdoc />
    public override string Name => RuleName;

    /// <inheritdoc />
    protected override long Units(long seconds) => (seconds / 1800) + ((seconds % 1800) + 840) / 1800; // floor((s + 840) / 1800) without overflow
}
