using Paxman.Edge.Core.Board;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Sensing;

/// <summary>How the engine hears the MCU this tick.</summary>
public enum McuLinkHealth
{
    /// <summary>Not linked yet (listening or handshaking since start).</summary>
    Connecting,

    /// <summary>Linked, with a fresh STATUS within the last second.</summary>
    Linked,

    /// <summary>Was linked; no fresh STATUS for a second or more.</summary>
    Lost,

    /// <summary>The MCU speaks a protocol version the host refuses.</summary>
    Refused,
}

/// <summary>
/// Everything the unit senses in one tick, built once by the engine (README, "Architecture", the tick's snapshot step) and read by the
/// safety supervisor, control and sessions. A value type with no references but the link problem text, so
/// building it allocates nothing.
/// </summary>
public readonly record struct PlantSnapshot
{
    /// <summary>Monotonic device timestamp of this tick (<see cref="TimeProvider.GetTimestamp"/> of the engine's clock).</summary>
    public required long Timestamp { get; init; }

    /// <summary>Device time since the engine started (power-on for the host).</summary>
    public required TimeSpan Uptime { get; init; }

    public required McuLinkHealth Link { get; init; }

    /// <summary>Why the link is refused or lost, for the alarm's message.</summary>
    public string? LinkProblem { get; init; }

    /// <summary>Coolant supply temperature (the MCU's sensor); null when the sensor reads "not available" or nothing was heard.</summary>
    public double? SupplyC { get; init; }

    /// <summary>The supply reading exactly as the MCU reported it (centi-degrees), for the stuck-sensor check.</summary>
    public short SupplyRawCc { get; init; }

    public double? ReturnC { get; init; }

    public double? ReturnAC { get; init; }

    public double? ReturnBC { get; init; }

    public double FlowALpm { get; init; }

    public double FlowBLpm { get; init; }

    public ReservoirLevel Reservoir { get; init; }

    public double CompressorActualPct { get; init; }

    /// <summary>Conditions the MCU sees now.</summary>
    public McuFaults McuActive { get; init; }

    /// <summary>Faults the MCU holds latched (only a person clears them, host-silent aside).</summary>
    public McuFaults McuLatched { get; init; }

    public required BoardInputs Board { get; init; }

    public required ProbeReading Probe { get; init; }

    /// <summary>True when a fresh STATUS was heard (the MCU's readings are current).</summary>
    public bool HasStatus => Link == McuLinkHealth.Linked;

    public double FlowLpm(CapChannel channel) => channel == CapChannel.A ? FlowALpm : FlowBLpm;

    public bool CapConnected(CapChannel channel) => channel == CapChannel.A ? Board.CapA : Board.CapB;
}
