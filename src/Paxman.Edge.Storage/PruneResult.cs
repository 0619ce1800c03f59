namespace Paxman.Edge.Storage;

/// <summary>What <see cref="SqliteJournal.Prune"/> removed.</summary>
/// <param name="Records">Final records removed (delivered, and older than the retention).</param>
/// <param name="SessionRows">Those records' sessions' rows removed with them.</param>
/// <param name="Alarms">Delivered alarm changes removed.</param>
/// <param name="ChainAnchor">The chain's anchor after pruning: the last pruned record's hash (unchanged when none was pruned).</param>
public sealed record PruneResult(int Records, int SessionRows, int Alarms, string ChainAnchor);
