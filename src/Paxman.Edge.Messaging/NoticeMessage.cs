using System.Text.Json;
using System.Text.Json.Serialization;
using Paxman.Edge.Core;

namespace Paxman.Edge.Messaging;

/// <summary>The payload of <c>.../notices</c> (README, "External interfaces"): never a patient reference.</summary>
public sealed record NoticeMessage(
    [property: JsonPropertyName("notice")] string Notice,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("at"), JsonConverter(typeof(UtcStamp))] DateTimeOffset At)
{
    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this, MessagingJsonContext.Default.NoticeMessage);
}
