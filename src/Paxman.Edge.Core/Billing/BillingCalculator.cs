using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Billing;

/// <summary>A session's CPT billing lines (README, "Session record", billing lines): the one place they are decided.</summary>
public static class BillingCalculator
{
    /// <summary>Scalp cooling device, initial measurement and fitting.</summary>
    public const string InitialFittingCode = "97007";

    /// <summary>Scalp cooling, first 30 minutes (pre-cooling started).</summary>
    public const string FirstCoolingCode = "97008";

    /// <summary>Each additional 30 minutes of post-cooling; an add-on to 97008.</summary>
    public const string AdditionalCoolingCode = "97009";

    /// <summary>
    /// The billing lines, in the order 97007, 97008, 97009: 97007 x1 for an initial fitting once pre-cooling started;
    /// 97008 x1 once pre-cooling started; 97009 x <paramref name="rule"/>'s units, only beside 97008. Lines with zero
    /// units are left out, so a session that never began pre-cooling has none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="billablePostcoolSeconds"/> is negative.</exception>
    public static IReadOnlyList<BillingLine> Lines(bool initialFitting, bool precoolStarted, long billablePostcoolSeconds, BillingRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var postcoolUnits = rule.PostcoolUnits(billablePostcoolSeconds);
        if (!precoolStarted)
        {
            return [];
        }

        var lines = new List<BillingLine>(3);
        if (initialFitting)
        {
            lines.Add(new BillingLine(InitialFittingCode, 1));
        }

        lines.Add(new BillingLine(FirstCoolingCode, 1));
        if (postcoolUnits > 0)
        {
            lines.Add(new BillingLine(AdditionalCoolingCode, postcoolUnits));
        }

        return lines.AsReadOnly();
    }
}
