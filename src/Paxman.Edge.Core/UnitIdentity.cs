namespace Paxman.Edge.Core;

/// <summary>What the unit says about itself in its state, status messages and records.</summary>
/// <param name="UnitId">The unit serial (<c>Unit:Id</c>).</param>
/// <param name="Version">The software version.</param>
/// <param name="Simulated">True when the simulator stands in for the hardware.</param>
/// <param name="StartedAt">Wall-clock time the service started, for humans.</param>
public sealed record UnitIdentity(string UnitId, string Version, bool Simulated, DateTimeOffset StartedAt);
