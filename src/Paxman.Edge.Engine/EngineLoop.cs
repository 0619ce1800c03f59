using Microsoft.Extensions.Hosting;

namespace Paxman.Edge.Engine;

/// <summary>
/// The engine's tick loop as a hosted service, with the unit's shutdown in a fixed order: the loop stops, the
/// hardware is driven to its safe state, and only then may the hardware be released (README, "Architecture").
/// </summary>
/// <remarks>
/// The hardware (the simulated rig, or the serial port, GPIO chip and probe) is a singleton created before the
/// loop, so the container disposes it after the loop. <see cref="BackgroundService.Dispose"/> only cancels the loop;
/// when start-up fails after the loop began (another service on a busy port), the host disposes everything at once
/// and a tick could then touch released hardware. Disposing this service therefore waits for the loop to end and
/// drives the safe state before the container goes on to release the hardware.
/// </remarks>
public abstract class EngineLoop : BackgroundService, IAsyncDisposable
{
    private static readonly TimeSpan LoopEndWait = TimeSpan.FromSeconds(5);
    private int _safe;

    /// <summary>The engine this loop ticks.</summary>
    protected abstract TickEngine Engine { get; }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await EndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override void Dispose()
    {
        EndAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    // Cancels the loop, waits for its last tick to finish, then drives the safe state once.
    private async ValueTask EndAsync()
    {
        if (Volatile.Read(ref _safe) == 1)
        {
            return;
        }

        if (ExecuteTask is { } loop)
        {
            base.Dispose(); // cancels the stopping token; the loop ends after the tick it is in
            try
            {
                await loop.WaitAsync(LoopEndWait);
            }
            catch (OperationCanceledException)
            {
                // The loop ended by cancellation.
            }
            catch (TimeoutException)
            {
                // A loop hung in a tick is not ticking: the safe state is still driven, which is what matters.
            }
        }

        if (Interlocked.Exchange(ref _safe, 1) == 0)
        {
            Engine.EnterSafeState();
        }
    }
}
