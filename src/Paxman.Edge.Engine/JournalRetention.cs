using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Engine;

/// <summary>
/// Keeps the journal bounded (README, "Space"): a minute after start-up and then once a day it prunes what
/// <c>Storage:RetentionDays</c> allows (delivered records and their rows, old delivered alarm changes and notices,
/// old unit events); the writer then hands the freed pages back to the file system (incremental vacuum).
/// </summary>
public sealed partial class JournalRetention(SqliteJournal journal, TimeProvider time, ILogger<JournalRetention> logger) : BackgroundService
{
    public static readonly TimeSpan FirstAfter = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Every = TimeSpan.FromDays(1);

    // Due times are counted from construction, on the injected clock: BackgroundService may start ExecuteAsync later.
    private readonly long _created = time.GetTimestamp();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var due = FirstAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = due - time.GetElapsedTime(_created);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // A day from this pass (a clock that jumped ahead gives one pass, not one per day missed).
            due = time.GetElapsedTime(_created) + Every;
            try
            {
                journal.Prune(time.GetUtcNow());
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // A journal that cannot write raises journal-fault through the engine; pruning tries again tomorrow.
                PruneFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal pruning failed; it is tried again in a day")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
