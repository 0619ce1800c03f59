namespace Paxman.Edge.Core.State;

/// <summary>
/// Seam through which the engine (and <c>/api/status</c>, diagnostics) reads the broker connection: whether it holds an
/// accepted connection, and the records outbox behind it (README, "The connection manager").
/// </summary>
public interface IBrokerStatus
{
    /// <summary>True while the MQTT client holds an accepted connection.</summary>
    bool IsConnected { get; }

    /// <summary>Final session records not yet delivered (no PUBACK with reason Success yet): the journal's records outbox.</summary>
    int Backlog { get; }

    /// <summary>When the oldest undelivered record ended (became due for delivery); null when the backlog is empty.</summary>
    DateTimeOffset? OldestUndeliveredAt { get; }
}
