namespace Paxman.Edge.Hardware.Link;

/// <summary>Host-side link policy (protocol.md, "Requests" and "Link health"). Durations are device time.</summary>
public sealed record McuLinkOptions
{
    public TimeSpan DegradedAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan LostAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// STATUS still arrives but the oldest unacknowledged command was sent this long ago: the MCU is not hearing the
    /// host (a one-way failure). A healthy link acknowledges within a tick or two.
    /// </summary>
    public TimeSpan UnacknowledgedAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A request with no answer is sent again (same request_id) after this long.</summary>
    public TimeSpan RequestRetry { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Tries of one request before it counts as failed.</summary>
    public int RequestTries { get; init; } = 4;

    /// <summary>Lost this long (no valid STATUS, or, one way, no new link since the commands were lost): pulse the MCU reset line.</summary>
    public TimeSpan ResetAfterLost { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ResetMinInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pulses without a valid STATUS after which the host gives up pulsing and keeps the unit safe.</summary>
    public int MaxResets { get; init; } = 3;
}
