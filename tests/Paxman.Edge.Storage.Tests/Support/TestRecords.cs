using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>
/// A stand-in for Core's canonical record hash: SHA-256 of the record's JSON text without its <c>hash</c> member.
/// Records here are written compact with ASCII values, so re-serialising without <c>hash</c> gives the text hashed.
/// </summary>
public static class TestRecords
{
    public static string Hash(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("hash");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())));
    }

    /// <summary>A sealed record chained to <paramref name="prevHash"/>; <paramref name="marker"/> lands in its text.</summary>
    public static RecordWrite Make(string sessionId, DateTimeOffset endedAt, string prevHash, string marker = "none", string channel = "A")
    {
        var body = new JsonObject
        {
            ["schema"] = "paxman.session/1",
            ["sessionId"] = sessionId,
            ["channel"] = channel,
            ["endedAt"] = endedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["note"] = marker,
            ["prevHash"] = prevHash,
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));
        body["hash"] = hash;
        return new RecordWrite(sessionId, channel, endedAt, body.ToJsonString(), hash, prevHash);
    }
}
