namespace Paxman.Edge.Hardware.Link;

/// <summary>The host's view of the MCU link (protocol.md, "Link health: what the host expects").</summary>
public enum LinkState
{
    /// <summary>No valid STATUS heard yet (or again, after a loss): nothing to handshake with.</summary>
    Listening,

    /// <summary>
    /// STATUS heard; HELLO sent, waiting for HELLO_ACK. Also entered from <see cref="Linked"/> when the MCU stops
    /// hearing the host (no command acknowledged for 1 s while STATUS arrives): the link is then lost until answered.
    /// </summary>
    Handshaking,

    /// <summary>Linked and a valid STATUS within the last 500 ms.</summary>
    Linked,

    /// <summary>Linked, but no valid STATUS for 500 ms: start nothing new.</summary>
    Degraded,

    /// <summary>No valid STATUS for 1 s: the MCU is not cooling safely; the host sends explicit SAFE commands.</summary>
    Lost,

    /// <summary>The MCU speaks a protocol version this host does not: the link is not used until restart.</summary>
    VersionRefused,
}
