using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Control;

/// <summary>
/// Whether a channel wants cooling this tick: the seam sessions will own (a session in pre-cool, infusion or
/// post-cool). Until sessions exist, <see cref="CapConnectedDemand"/> stands in.
/// </summary>
public interface ICoolingDemand
{
    bool Wants(CapChannel channel, in PlantSnapshot snapshot);
}

/// <summary>Cooling is wanted on a channel exactly while its cap is connected (until sessions own the demand).</summary>
public sealed class CapConnectedDemand : ICoolingDemand
{
    public bool Wants(CapChannel channel, in PlantSnapshot snapshot) => snapshot.CapConnected(channel);
}
