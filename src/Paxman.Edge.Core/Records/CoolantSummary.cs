namespace Paxman.Edge.Core.Records;

/// <summary>Supply temperature statistics in degrees Celsius.</summary>
public sealed record CoolantSummary(double MinC, double MeanC, double MaxC);
