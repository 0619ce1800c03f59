using System.Text.Json;
using System.Text.Json.Serialization;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Messaging;

/// <summary>The payload of <c>.../alarms</c> (README, "External interfaces"): one alarm occurrence changing state.</summary>
/// <param name="At">When this change happened (raised, acknowledged or cleared).</param>
/// <param name="Historical">True when the change happened while the broker was unreachable and is delivered late.</param>
public sealed record AlarmMessage(
    [property: JsonPropertyName("alarmId")] string AlarmId,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("at"), JsonConverter(typeof(UtcStamp))] DateTimeOffset At,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("historical")] bool Historical)
{
    public static AlarmMessage From(in AlarmChange change, bool historical)
    {
        var o = change.Occurrence;
        return new AlarmMessage(o.AlarmId, o.Code, o.Priority.Name(), change.State.Name(), o.Channel?.Name(), change.At, o.Message, historical);
    }

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this, MessagingJsonContext.Default.AlarmMessage);
}
