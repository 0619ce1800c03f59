using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>The journal's own write: a notice's outbox row is delivered.</summary>
internal sealed record MarkNoticeDelivered(long NoticeSequence, DateTimeOffset At) : JournalWrite
{
    /// <summary>Set by the writer before the write is reported durable.</summary>
    public MarkOutcome Outcome { get; set; }
}
