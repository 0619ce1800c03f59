namespace Paxman.Edge.Core.Billing;

/// <summary>The billing rules the unit knows, by name.</summary>
public static class BillingRules
{
    /// <summary>One unit per full 30 minutes of post-cool.</summary>
    public static BillingRule FullIncrements { get; } = new FullIncrementsRule();

    /// <summary>A unit once past the midpoint of its 30 minutes.</summary>
    public static BillingRule Midpoint { get; } = new MidpointRule();

    /// <summary>The rule used when <c>Billing:Rule</c> is not set: <see cref="FullIncrements"/>.</summary>
    public static BillingRule Default => FullIncrements;

    /// <summary>Every rule, the default first.</summary>
    public static IReadOnlyList<BillingRule> All { get; } = [FullIncrements, Midpoint];

    /// <summary>The rule named <paramref name="name"/> (exact, case-sensitive: the name is recorded as given).</summary>
    /// <exception cref="ArgumentException">No rule has that name; the message lists the valid names.</exception>
    public static BillingRule FromName(string name)
    {
        foreach (var rule in All)
        {
            if (string.Equals(rule.Name, name, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        throw new ArgumentException(
            $"Unknown billing rule \"{name}\"; use {string.Join(" or ", All.Select(r => r.Name))}.", nameof(name));
    }
}
