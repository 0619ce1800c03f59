using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Simulation.Continuity;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// Keeps the simulated unit alive across host restarts in Simulated mode (README, "Starting the unit"): its state is
/// captured on the engine's thread every checkpoint period of device time and saved to the data folder on a thread of
/// its own (a save waits for the disk; the tick must not). The newest capture wins when saves fall behind. Disposed
/// after the tick loop has stopped, it saves the unit's final state.
/// </summary>
public sealed partial class SimulatedUnitKeeper : IDisposable
{
    private readonly SimulatedRig _rig;
    private readonly SimulatedUnitStore _store;
    private readonly ILogger<SimulatedUnitKeeper> _logger;
    private readonly TimeSpan _period;
    private readonly Channel<SimulatedUnitSnapshot> _pending = Channel.CreateBounded<SimulatedUnitSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    private readonly Task _saver;
    private TimeSpan _nextSave;
    private bool _disposed;

    public SimulatedUnitKeeper(SimulatedRig rig, SimulatedUnitStore store, TimeSpan period, ILogger<SimulatedUnitKeeper> logger)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(store);
        _rig = rig;
        _store = store;
        _period = period;
        _logger = logger;
        _nextSave = rig.Clock.Elapsed;
        rig.Engine.TickCompleted += OnTick;
        _saver = Task.Run(SaveLoopAsync);
    }

    /// <summary>Saves completed since start (for tests and figures).</summary>
    public long Saves { get; private set; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rig.Engine.TickCompleted -= OnTick;
        _pending.Writer.TryComplete();
        _saver.Wait(TimeSpan.FromSeconds(5));

        // The loop has stopped: the unit's last state, as the host leaves it.
        Save(_rig.Unit.Capture());
    }

    // Engine thread: a capture is cheap (tens of microseconds); the save is not done here.
    private void OnTick(TickOutput produced)
    {
        var now = _rig.Clock.Elapsed;
        if (now < _nextSave)
        {
            return;
        }

        _nextSave = now + _period;
        _pending.Writer.TryWrite(_rig.Unit.Capture());
    }

    private async Task SaveLoopAsync()
    {
        await foreach (var snapshot in _pending.Reader.ReadAllAsync())
        {
            Save(snapshot);
        }
    }

    private void Save(SimulatedUnitSnapshot snapshot)
    {
        try
        {
            _store.Save(snapshot);
            Saves++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(_logger, _store.FilePath, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the simulated unit to {File}: {Problem}; a restart would start it afresh")]
    private static partial void LogSaveFailed(ILogger logger, string file, string problem);
}
