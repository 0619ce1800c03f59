namespace Paxman.Edge.Core.State;

/// <summary>Seam through which the engine reads the broker connection each tick.</summary>
public interface IBrokerStatus
{
    /// <summary>True while the MQTT client holds an accepted connection.</summary>
    bool IsConnected { get; }
}
