using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>Makes records that chain one to the next, as Core's record sealing does.</summary>
public sealed class RecordChain(string head = JournalContents.Genesis)
{
    public string Head { get; private set; } = head;

    public RecordWrite Next(string sessionId, DateTimeOffset endedAt, string marker = "none", string channel = "A")
    {
        var record = TestRecords.Make(sessionId, endedAt, Head, marker, channel);
        Head = record.Hash;
        return record;
    }
}
