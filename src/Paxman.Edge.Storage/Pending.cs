using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>A queued write and the sequence <see cref="SqliteJournal.Append"/> gave it.</summary>
internal readonly record struct Pending(long Sequence, JournalWrite Write);
