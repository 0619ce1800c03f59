namespace Paxman.Edge.Core.Billing;

/// <summary>
/// How billable post-cool seconds become 97009 units (README, "Session record", billing lines). The rule's <see cref="Name"/> is written
/// into every record (<c>billingRule</c>), so a record says how its units were counted.
/// </summary>
public abstract class BillingRule
{
    /// <summary>The rule's name as configured (<c>Billing:Rule</c>) and recorded.</summary>
    public abstract string Name { get; }

    /// <summary>The 97009 units for <paramref name="billablePostcoolSeconds"/> of cooled post-cool time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The seconds are negative.</exception>
    public int PostcoolUnits(long billablePostcoolSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(billablePostcoolSeconds);
        return checked((int)Units(billablePostcoolSeconds));
    }

    /// <summary>The rule named <paramref name="name"/>; see <see cref="BillingRules.FromName"/>.</summary>
    /// <exception cref="ArgumentException">No rule has that name; the message lists the valid names.</exception>
    public static BillingRule FromName(string name) => BillingRules.FromName(name);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The units for a non-negative number of seconds.</summary>
    protected abstract long Units(long seconds);
}
