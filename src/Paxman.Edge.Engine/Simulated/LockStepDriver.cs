using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Watchdog;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// Runs the engine in Simulated mode: lock-step with the simulated unit, one tick of device time at a time,
/// paced by <see cref="LockStepPacer"/> so that device time runs <c>Simulator:TimeScale</c> times faster than
/// real time. No timer period is ever shortened: at high scales several ticks run per real millisecond.
/// </summary>
public sealed partial class LockStepDriver : EngineLoop
{
    private const int MaxTicksPerBatch = 2000;
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly SimulatedRig _rig;
    private readonly TimeProvider _real;
    private readonly double _timeScale;
    private readonly EngineWatchdog _watchdog;
    private readonly ILogger<LockStepDriver> _logger;

    public LockStepDriver(SimulatedRig rig, TimeProvider real, double timeScale, EngineWatchdog watchdog, ILogger<LockStepDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(watchdog);
        _watchdog = watchdog;
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(real);
        _rig = rig;
        _real = real;
        _timeScale = timeScale;
        _logger = logger;
    }

    protected override TickEngine Engine => _rig.Engine;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = RealTimeDriver.Period;
        var pacer = new LockStepPacer(period, _timeScale, _real.GetTimestamp(), _real.TimestampFrequency, MaxLag);
        LogStarted(_logger, _timeScale);
        var slips = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = pacer.Due(_real.GetTimestamp(), MaxTicksPerBatch);
            for (var i = 0; i < due; i++)
            {
                _rig.Tick(pacer.LateTicks);
            }

            pacer.Ran(due);
            var onTime = pacer.Slips == slips;
            if (!onTime)
            {
                slips = pacer.Slips;
                LogBehind(_logger, _timeScale, pacer.LateTicks);
            }

            if (due > 0)
            {
                // The watchdog judges the driver in real time: batches of ticks keep coming, and keep up with the schedule.
                _watchdog.OnTick(_real.GetTimestamp(), onTime);
            }

            var wait = pacer.UntilNext(_real.GetTimestamp());
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _real, stoppingToken);
                }
                else
                {
                    await Task.Yield();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        LogStopped(_logger, _rig.Engine.State.Engine.Ticks, _rig.Clock.Elapsed.TotalSeconds, pacer.LateTicks);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated unit running in lock-step, {TimeScale} device seconds per real second")]
    private static partial void LogStarted(ILogger logger, double timeScale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The simulation cannot keep up with TimeScale {TimeScale}; {LateTicks} ticks late so far, device time runs slower than asked")]
    private static partial void LogBehind(ILogger logger, double timeScale, long lateTicks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation stopped after {Ticks} ticks, {DeviceSeconds} device seconds, {LateTicks} late")]
    private static partial void LogStopped(ILogger logger, long ticks, double deviceSeconds, long lateTicks);
}
