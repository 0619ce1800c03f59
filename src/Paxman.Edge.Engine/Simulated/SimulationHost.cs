using System.Collections.Concurrent;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// The simulated unit as the engine owns it: stepped on the engine's thread at the start of each tick, and
/// changed by other threads (the /api/sim endpoints) only through <see cref="PostAsync"/>, whose changes the
/// engine applies between ticks, so the simulation never sees two threads.
/// </summary>
public sealed class SimulationHost
{
    private readonly ConcurrentQueue<(Action<SimulatedUnit> Change, TaskCompletionSource Done)> _pending = new();

    public SimulationHost(SimulatedUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Unit = unit;
    }

    /// <summary>The unit; touch it only on the engine's thread.</summary>
    public SimulatedUnit Unit { get; }

    /// <summary>Hands a change to the engine; completes once a tick has applied it.</summary>
    public Task PostAsync(Action<SimulatedUnit> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue((change, done));
        return done.Task;
    }

    /// <summary>Engine step 1: applies posted changes, then runs the unit for <paramref name="elapsed"/> of device time.</summary>
    public void Step(TimeSpan elapsed)
    {
        while (_pending.TryDequeue(out var item))
        {
            try
            {
                item.Change(Unit);
                item.Done.TrySetResult();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                item.Done.TrySetException(ex);
            }
        }

        Unit.Advance(elapsed);
    }
}
