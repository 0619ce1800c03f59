namespace Paxman.Edge.Core.Billing;

/// <summary><c>cpt-2026/full-30-minute-increments</c>, the default: one unit per full 30 minutes, floor(s / 1800).</summary>
public sealed class FullIncrementsRule : BillingRule
{
    /// <summary>The rule's name.</summary>
    public const string RuleName = "cpt-2026/full-30-minute-increments";

    /// <inheritdoc />
    public override string Name => RuleName;

    /// <inheritdoc />
    protected override long Units(long seconds) => seconds / 1800;
}
