using System.Text.Json;
using System.Text.Json.Serialization;
using Paxman.Edge.Core;

namespace Paxman.Edge.Messaging;

/// <summary>The payload of <c>.../status</c> (README, "External interfaces").</summary>
public sealed record UnitStatusMessage(
    [property: JsonPropertyName("online")] bool Online,
    [property: JsonPropertyName("unitId")] string UnitId,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("startedAt"), JsonConverter(typeof(UtcStamp))] DateTimeOffset StartedAt)
{
    /// <summary>The payload for <paramref name="identity"/>, online or not, as UTF-8 JSON.</summary>
    public static byte[] Encode(UnitIdentity identity, bool online)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var message = new UnitStatusMessage(online, identity.UnitId, identity.Version, identity.StartedAt.ToUniversalTime());
        return JsonSerializer.SerializeToUtf8Bytes(message, MessagingJsonContext.Default.UnitStatusMessage);
    }
}
