namespace Paxman.Edge.Core.State;

/// <summary>Coolant temperatures in degrees Celsius as read this tick.</summary>
public sealed record CoolantState(double? SupplyC, double? ReturnC, double? SetpointC);
