using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Watchdog;

namespace Paxman.Edge.Engine;

/// <summary>
/// Runs the engine at 10 Hz of real time. A thin loop: <see cref="TickPacer"/> decides when, the engine decides what.
/// </summary>
public sealed partial class RealTimeDriver : EngineLoop
{
    /// <summary>The engine's tick period on real hardware (README, "Architecture").</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly TickEngine _engine;
    private readonly EngineWatchdog _watchdog;
    private readonly ILogger<RealTimeDriver> _logger;

    public RealTimeDriver(TickEngine engine, EngineWatchdog watchdog, ILogger<RealTimeDriver> logger)
    {
        _engine = engine;
        _watchdog = watchdog;
        _logger = logger;
    }

    protected override TickEngine Engine => _engine;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = _engine.Time;
        var pacer = new TickPacer(Period, time.GetTimestamp(), time.TimestampFrequency);
        LogStarted(_logger, Period.TotalMilliseconds);
        var lateSeen = pacer.LateTicks;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            pacer.TickStarted(now);
            _engine.Tick(now, pacer.LateTicks);

            // On time unless this tick started late or deadlines were skipped since the previous tick.
            _watchdog.OnTick(now, onTime: pacer.LateTicks == lateSeen);
            lateSeen = pacer.LateTicks;

            var wait = pacer.TickFinished(time.GetTimestamp());
            try
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        LogStopped(_logger, _engine.State.Engine.Ticks, pacer.LateTicks);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine running, one tick every {PeriodMs} ms")]
    private static partial void LogStarted(ILogger logger, double periodMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine stopped after {Ticks} ticks, {LateTicks} late")]
    private static partial void LogStopped(ILogger logger, long ticks, long lateTicks);
}
