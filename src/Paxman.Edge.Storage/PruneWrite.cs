using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>The journal's own write: retention, run by the writer in its transaction.</summary>
internal sealed record PruneWrite(DateTimeOffset Cutoff) : JournalWrite
{
    /// <summary>Set by the writer before the write is reported durable.</summary>
    public PruneResult? Result { get; set; }
}
