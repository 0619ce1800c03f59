using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Messaging.Tests.Support;

/// <summary>Sealed records that chain one to the next, as Core's sealing does (a stand-in hash over the compact text).</summary>
public sealed class TestRecords(string head = JournalContents.Genesis)
{
    public string Head { get; private set; } = head;

    /// <param name="padding">Characters of filler in the text, to give the record a realistic size (a real one is about 1.5 kB).</param>
    public RecordWrite Next(string sessionId, DateTimeOffset endedAt, string channel = "A", int padding = 1200)
    {
        var body = new JsonObject
        {
            ["schema"] = "paxman.session/1",
            ["sessionId"] = sessionId,
            ["channel"] = channel,
            ["endedAt"] = endedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["note"] = new string('x', padding),
            ["prevHash"] = Head,
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));
        body["hash"] = hash;
        var record = new RecordWrite(sessionId, channel, endedAt, body.ToJsonString(), hash, Head);
        Head = hash;
        return record;
    }
}
