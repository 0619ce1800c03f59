using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Engine.Watchdog;

/// <summary>
/// Ties systemd's service watchdog to the engine's ticks: <c>READY=1</c> after the first tick, then
/// <c>WATCHDOG=1</c> every <c>WATCHDOG_USEC</c>/2 only while the ticks are on time. Every decision is made on the
/// tick's own thread, inside <see cref="OnTick"/>: when the ticks stop, the pings stop, and systemd stops the unit.
/// </summary>
/// <remarks>
/// <para>The rule, with <c>P</c> the tick period, <c>I</c> = <c>WATCHDOG_USEC</c>/2 the ping interval and
/// <c>now</c> = <see cref="TimeProvider.GetTimestamp"/> read inside <see cref="OnTick"/>:</para>
/// <list type="number">
/// <item>A tick is <em>late</em> when the caller says it was not on time, when its timestamp is more than
/// <c>2P</c> before <c>now</c> (the tick itself overran), or when it came more than <c>2P</c> after the previous
/// tick (the ticks stalled in between).</item>
/// <item>The first tick sends <c>READY=1</c>, late or not, exactly once.</item>
/// <item>A tick sends <c>WATCHDOG=1</c> when a ping is due (no ping yet, or at least <c>I</c> since the last one)
/// and the ticks are on time: this tick is not late and no tick was late in the last <c>I/2</c>
/// (<c>WATCHDOG_USEC</c>/4). The first ping goes with the first on-time tick, together with <c>READY=1</c>.</item>
/// </list>
/// <para>Why <c>I/2</c> for the late window and not <c>I</c>: a ping withheld for a window of length <c>W</c>
/// after a late tick can be delayed until <c>I + W</c> after the previous ping. With <c>W = I</c> a single late tick
/// just as a ping falls due would postpone it to the very moment systemd's timeout (<c>2I</c>) expires; with
/// <c>W = I/2</c> one late tick delays the ping to at most 0.75 of the timeout (plus up to one tick period, as pings
/// ride on ticks), while ticks that keep being late (at least one every <c>I/2</c>) withhold every ping and let
/// systemd stop the unit. For the same reason, on real time the pings come every <c>I</c> to <c>I + P</c>.</para>
/// <para>Without a watchdog (<c>WATCHDOG_USEC</c> unset) only <c>READY=1</c> is sent. After <see cref="Stopping"/>
/// nothing more is sent. <see cref="OnTick"/> allocates nothing in steady state; send failures are logged once by
/// the <see cref="SystemdNotifier"/> and never thrown.</para>
/// </remarks>
public sealed partial class EngineWatchdog
{
    /// <summary>The environment variable systemd sets to the watchdog timeout, in microseconds.</summary>
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";

    /// <summary>The environment variable systemd sets to the process the watchdog is meant for.</summary>
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    private readonly SystemdNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineWatchdog> _logger;
    private readonly long _frequency;
    private readonly long _staleLimit;
    private readonly long _pingInterval;
    private readonly long _lateWindow;

    // Touched only by the tick's thread.
    private bool _ticked;
    private long _previousTick;
    private bool _pinged;
    private long _lastPing;
    private bool _lateSeen;
    private long _lastLate;
    private bool _withholding;

    private int _stopping;
    private long _pingsSent;
    private int _readySent;

    /// <param name="notifier">Where the notifications go; a disabled notifier makes this a no-op.</param>
    /// <param name="time">The clock <see cref="OnTick"/>'s timestamps come from.</param>
    /// <param name="watchdogUsec">systemd's <c>WATCHDOG_USEC</c>; null for no watchdog (only <c>READY=1</c>).</param>
    /// <param name="tickPeriod">The engine's tick period (<see cref="RealTimeDriver.Period"/>).</param>
    public EngineWatchdog(SystemdNotifier notifier, TimeProvider time, long? watchdogUsec, TimeSpan tickPeriod, ILogger<EngineWatchdog> logger)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tickPeriod, TimeSpan.Zero);
        if (watchdogUsec is { } usec)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(usec, 0, nameof(watchdogUsec));
        }

        _notifier = notifier;
        _time = time;
        _logger = logger;
        _frequency = time.TimestampFrequency;
        _staleLimit = 2 * ToTimestamp(tickPeriod.TotalSeconds);
        if (watchdogUsec is { } timeout)
        {
            PingInterval = TimeSpan.FromMicroseconds(timeout / 2.0);
            _pingInterval = Math.Max(1, ToTimestamp(timeout / 2e6));
            _lateWindow = Math.Max(1, _pingInterval / 2);
            if (notifier.IsEnabled && PingInterval < 2 * tickPeriod)
            {
                LogIntervalTooShort(_logger, timeout, tickPeriod.TotalMilliseconds);
            }
        }
    }

    /// <summary>How often <c>WATCHDOG=1</c> goes out while the ticks are on time (<c>WATCHDOG_USEC</c>/2); null without a watchdog.</summary>
    public TimeSpan? PingInterval { get; }

    /// <summary>True once <c>READY=1</c> has been sent.</summary>
    public bool ReadySent => Volatile.Read(ref _readySent) != 0;

    /// <summary><c>WATCHDOG=1</c> datagrams sent so far.</summary>
    public long PingsSent => Interlocked.Read(ref _pingsSent);

    /// <summary>
    /// Reads <c>WATCHDOG_USEC</c> the way sd_watchdog_enabled does: null when unset, not a positive integer, or when
    /// <c>WATCHDOG_PID</c> is set and names another process than <paramref name="processId"/>.
    /// </summary>
    /// <param name="environment">Reads one environment variable, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="processId">This process (<see cref="Environment.ProcessId"/>).</param>
    public static long? WatchdogUsecFromEnvironment(Func<string, string?> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var usec = environment(WatchdogUsecVariable);
        if (string.IsNullOrEmpty(usec)
            || !long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value <= 0)
        {
            return null;
        }

        var pid = environment(WatchdogPidVariable);
        if (!string.IsNullOrEmpty(pid)
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watchdogPid) || watchdogPid != processId))
        {
            return null;
        }

        return value;
    }

    /// <summary>
    /// Call on the engine's thread after every tick. Sends <c>READY=1</c> on the first call and <c>WATCHDOG=1</c> when one
    /// is due and the ticks are on time (see the remarks on <see cref="EngineWatchdog"/>).
    /// </summary>
    /// <param name="timestamp">The tick's timestamp, from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="onTime">False when the tick started late or deadlines were skipped since the previous tick.</param>
    public void OnTick(long timestamp, bool onTime)
    {
        if (Volatile.Read(ref _stopping) != 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var late = !onTime || now - timestamp > _staleLimit || (_ticked && timestamp - _previousTick > _staleLimit);
        var first = !_ticked;
        _ticked = true;
        _previousTick = timestamp;
        if (late)
        {
            _lateSeen = true;
            _lastLate = now;
        }

        if (first && _notifier.Notify("READY=1"u8))
        {
            Volatile.Write(ref _readySent, 1);
            if (PingInterval is { } interval)
            {
                LogReady(_logger, interval.TotalMilliseconds);
            }
            else
            {
                LogReadyWithoutWatchdog(_logger);
            }
        }

        if (_pingInterval == 0 || (_pinged && now - _lastPing < _pingInterval))
        {
            return;
        }

        if (late || (_lateSeen && now - _lastLate < _lateWindow))
        {
            if (!_withholding)
            {
                _withholding = true;
                LogWithheld(_logger, onTime, (now - timestamp) * 1000.0 / _frequency, (now - _lastLate) * 1000.0 / _frequency);
            }

            return;
        }

        if (_withholding)
        {
            _withholding = false;
            LogResumed(_logger, (now - _lastPing) * 1000.0 / _frequency);
        }

        // A failed send is not retried before the next interval: the notifier has logged it, and retrying every
        // tick would throw and allocate ten times a second against a socket that is gone.
        _pinged = true;
        _lastPing = now;
        if (_notifier.Notify("WATCHDOG=1"u8))
        {
            Interlocked.Increment(ref _pingsSent);
        }
    }

    /// <summary>Sends <c>STOPPING=1</c> (once) and ends every further notification from <see cref="OnTick"/>.</summary>
    public void Stopping()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _notifier.Notify("STOPPING=1"u8);
        }
    }

    private long ToTimestamp(double seconds) => (long)Math.Round(seconds * _frequency);

    [LoggerMessage(Level = LogLevel.Information, Message = "First engine tick: told systemd READY=1; watchdog pings every {PingIntervalMs} ms while the ticks are on time")]
    private static partial void LogReady(ILogger logger, double pingIntervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "First engine tick: told systemd READY=1; no watchdog (WATCHDOG_USEC unset)")]
    private static partial void LogReadyWithoutWatchdog(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Engine ticks are late: withholding the systemd watchdog ping that is due (this tick on time: {OnTime}, {TickAgeMs} ms old; last late tick {SinceLateMs} ms ago)")]
    private static partial void LogWithheld(ILogger logger, bool onTime, double tickAgeMs, double sinceLateMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine ticks on time again: systemd watchdog pings resumed after {SinceLastPingMs} ms")]
    private static partial void LogResumed(ILogger logger, double sinceLastPingMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "WATCHDOG_USEC={WatchdogUsec} leaves less than two tick periods ({TickPeriodMs} ms each) between pings; pings go out on ticks only, so systemd may stop the unit")]
    private static partial void LogIntervalTooShort(ILogger logger, long watchdogUsec, double tickPeriodMs);
}
