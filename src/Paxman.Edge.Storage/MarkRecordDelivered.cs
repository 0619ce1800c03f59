using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>The journal's own write (through the same writer as the engine's): a record's outbox row is delivered.</summary>
internal sealed record MarkRecordDelivered(string SessionId, DateTimeOffset At) : JournalWrite
{
    /// <summary>Set by the writer before the write is reported durable.</summary>
    public MarkOutcome Outcome { get; set; }
}
