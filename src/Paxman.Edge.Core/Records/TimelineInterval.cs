namespace Paxman.Edge.Core.Records;

/// <summary>A stretch of the unit's monotonic timeline, from <see cref="Start"/> to <see cref="End"/> (null: still running).</summary>
/// <param name="Start">Where it began on the timeline.</param>
/// <param name="End">Where it ended, exclusive; null while it is still going on (read as the caller's <c>now</c>).</param>
public readonly record struct TimelineInterval(TimeSpan Start, TimeSpan? End);
