namespace Paxman.Edge.Core.State;

/// <summary>
/// The unit's state as the engine publishes it once per tick (README, "External interfaces", <c>GET /api/status</c>).
/// Immutable: readers on other threads (HTTP, MQTT) only ever see a whole tick's state.
/// A field whose source does not exist yet is <c>null</c>, never invented.
/// </summary>
public sealed record UnitState
{
    public required string UnitId { get; init; }

    public required string Version { get; init; }

    public required bool Simulated { get; init; }

    /// <summary>Coolant within the band long enough to treat; null until control exists.</summary>
    public bool? Ready { get; init; }

    /// <summary>The MCU link is up; null until the link exists.</summary>
    public bool? McuLinked { get; init; }

    public CoolantState? Coolant { get; init; }

    public double? CompressorPercent { get; init; }

    public required BrokerState Broker { get; init; }

    public required IReadOnlyList<ChannelState> Channels { get; init; }

    /// <summary>Alarms raised or acknowledged but not yet cleared; null until the alarm system exists.</summary>
    public IReadOnlyList<AlarmState>? Alarms { get; init; }

    /// <summary>The unit's wall-clock time at the tick this state is from (device time in Simulated mode).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(UtcStamp))]
    public DateTimeOffset At { get; init; }

    /// <summary>The engine's own health: ticks run, late ticks, device time.</summary>
    public required EngineState Engine { get; init; }
}
