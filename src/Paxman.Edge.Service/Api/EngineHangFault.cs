using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// The <c>engine-hang</c> fault of <c>/api/sim/faults</c> (Simulated mode only): an action posted to the engine
/// blocks its thread on an event until the fault is cleared, as a control loop stuck in a driver call would. The
/// ticks stop, so the watchdog pings stop and <c>/healthz</c> fails, which is what the fault is for.
/// </summary>
internal sealed class EngineHangFault : IDisposable
{
    /// <summary>The fault's name in <c>POST /api/sim/faults</c>.</summary>
    public const string Name = "engine-hang";

    private readonly Lock _gate = new();
    private ManualResetEventSlim? _release;

    /// <summary>True while the engine's thread is held (or about to be, at its next tick).</summary>
    public bool Active
    {
        get
        {
            lock (_gate)
            {
                return _release is not null;
            }
        }
    }

    /// <summary>Holds the engine's thread from its next tick on; a second call while held changes nothing.</summary>
    public void Hang(TickEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ManualResetEventSlim release;
        lock (_gate)
        {
            if (_release is not null)
            {
                return;
            }

            release = _release = new ManualResetEventSlim(false);
        }

        // Not awaited: the request answers at once, and the task completes only when the fault is cleared.
        _ = engine.PostAsync(() =>
        {
            release.Wait();
            release.Dispose();
            return true;
        });
    }

    /// <summary>Lets the engine's thread go (the fault cleared, or the unit stopping).</summary>
    public void Release()
    {
        ManualResetEventSlim? release;
        lock (_gate)
        {
            release = _release;
            _release = null;
        }

        release?.Set();
    }

    /// <summary>Releases the engine's thread; the event itself is disposed by the engine's side once it wakes.</summary>
    public void Dispose() => Release();
}
