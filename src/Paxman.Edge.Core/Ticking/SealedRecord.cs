using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Ticking;

/// <summary>A final session record as sealed by the engine: the record, and its exact published text (which its hash covers).</summary>
public sealed record SealedRecord(SessionRecord Record, string Json);
