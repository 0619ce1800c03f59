namespace Paxman.Edge.Storage;

/// <summary>What is wrong with a journal, and where: the first broken link verification or the check at open found.</summary>
/// <param name="Table">The table (<c>records</c>, <c>session_rows</c>, <c>alarms</c>, <c>unit_checkpoint</c>, <c>meta</c>), or <c>file</c> for the file as a whole.</param>
/// <param name="Sequence">The row's journal sequence, when the problem is in one row.</param>
/// <param name="SessionId">The row's session, for records and session rows.</param>
/// <param name="What">What is wrong, in words.</param>
public sealed record JournalDefect(string Table, long? Sequence, string? SessionId, string What)
{
    /// <summary>The whole description, e.g. <c>records, sequence 17, session 3f2a...: prevHash does not match ...</c>.</summary>
    public string Description =>
        Table + (Sequence is { } seq ? $", sequence {seq}" : string.Empty) + (SessionId is { } id ? $", session {id}" : string.Empty) + ": " + What;

    /// <inheritdoc />
    public override string ToString() => Description;
}
