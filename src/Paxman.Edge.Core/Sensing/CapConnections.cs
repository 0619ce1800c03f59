namespace Paxman.Edge.Core.Sensing;

/// <summary>When each channel's cap was last connected, in device uptime (the coolant-warm rule's grace period reads it).</summary>
public sealed class CapConnections
{
    private readonly TimeSpan?[] _connectedAt = new TimeSpan?[2];

    /// <summary>Device uptime at which the cap was connected, or null while it is unplugged.</summary>
    public TimeSpan? ConnectedAt(CapChannel channel) => _connectedAt[(int)channel];

    /// <summary>Takes this tick's cap switches.</summary>
    public void Update(in PlantSnapshot snapshot)
    {
        for (var i = 0; i < 2; i++)
        {
            var connected = snapshot.CapConnected((CapChannel)i);
            if (!connected)
            {
                _connectedAt[i] = null;
            }
            else
            {
                _connectedAt[i] ??= snapshot.Uptime;
            }
        }
    }
}
