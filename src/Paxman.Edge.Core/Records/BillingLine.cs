namespace Paxman.Edge.Core.Records;

/// <summary>One billing line: a CPT code and its units (lines with zero units are left out).</summary>
public sealed record BillingLine(string Code, int Units);
