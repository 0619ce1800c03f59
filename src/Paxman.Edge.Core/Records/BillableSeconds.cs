namespace Paxman.Edge.Core.Records;

/// <summary>Billable (cooled) seconds per phase: a phase's seconds less its interrupted seconds.</summary>
public sealed record BillableSeconds(long Precool, long Infusion, long Postcool);
