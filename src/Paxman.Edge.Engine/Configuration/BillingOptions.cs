namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Billing</c> (README "Configuration"; src/Paxman.Edge.Core/Sessions/README.md, "Billing").</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";
    public const string FullIncrements = "cpt-2026/full-30-minute-increments";
    public const string Midpoint = "cpt-2026/midpoint";

    /// <summary>How billable post-cool seconds become 97009 units.</summary>
    public string Rule { get; set; } = FullIncrements;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (Rule is not (FullIncrements or Midpoint))
        {
            yield return $"Billing:Rule: '{Rule}' is not a billing rule; use {FullIncrements} or {Midpoint}.";
        }
    }
}
