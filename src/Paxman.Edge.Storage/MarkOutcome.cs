namespace Paxman.Edge.Storage;

/// <summary>What marking a row delivered did.</summary>
internal enum MarkOutcome
{
    NotYetRun,
    Marked,
    AlreadyDelivered,
    NotFound,
    Damaged,
}
