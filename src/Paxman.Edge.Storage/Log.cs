using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Storage;

/// <summary>The journal's log messages. None carries a row's content: rows may hold patient references.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Journal {Path} opened: {Rows} rows ({Records} records) checked in {Milliseconds} ms")]
    public static partial void Opened(this ILogger logger, string path, int rows, int records, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal {Path} created")]
    public static partial void Created(this ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal was found damaged ({Problem}); kept aside as {KeptAs}, and a new journal started")]
    public static partial void Damaged(this ILogger logger, string problem, string keptAs);

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal cannot write; nothing further is journaled")]
    public static partial void WriteFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal pruned: {Records} records, {SessionRows} session rows, {Alarms} alarm changes")]
    public static partial void Pruned(this ILogger logger, int records, int sessionRows, int alarms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal migrated from schema version {From} to {To}; the journal as it was is kept as {Backup} until the migrated one verifies")]
    public static partial void Migrated(this ILogger logger, int from, int to, string backup);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The migrated journal could not be rewritten for incremental vacuum (SQLite error {Code}: {Reason}); it stays correct, and pruning reuses its freed pages instead of returning them")]
    public static partial void MigrationVacuumFailed(this ILogger logger, int code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The migrated journal verified; {Backup} removed")]
    public static partial void MigrationVerified(this ILogger logger, string backup);
}
