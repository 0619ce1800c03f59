using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Engine.Watchdog;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Watchdog;

/// <summary>
/// The systemd watchdog against a real Unix datagram socket as NOTIFY_SOCKET, on fake time advanced one tick
/// period at a time. Every datagram is read back from the socket and stamped with the fake time it was sent at.
/// </summary>
public sealed class EngineWatchdogTests : IDisposable
{
    private const long WatchdogUsec = 1_000_000;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly DateTimeOffset _start;
    private readonly TempFolder _folder = new("paxman-watchdog");
    private readonly NotifySocketListener _systemd;
    private readonly LogCollector _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly List<SystemdNotifier> _notifiers = [];
    private readonly List<(TimeSpan At, string Message)> _received = [];

    public EngineWatchdogTests()
    {
        _start = _time.GetUtcNow();
        _systemd = NotifySocketListener.AtPath(_folder.File("notify.sock"));
        _loggers = _logs.CreateFactory();
    }

    [Fact]
    public void Ready_BeforeTheFirstTick_IsNotSent()
    {
        var watchdog = NewWatchdog(watchdogUsec: null);

        AdvanceWithoutTicks(TimeSpan.FromSeconds(2));

        Assert.Empty(_systemd.Drain());
        Assert.False(watchdog.ReadySent);

        Ticks(watchdog, 1);

        Assert.Equal(["READY=1"], Messages());
        Assert.True(watchdog.ReadySent);
    }

    [Fact]
    public void Ready_ManyTicksWithoutWatchdogUsec_IsSentExactlyOnceAndNothingElse()
    {
        var watchdog = NewWatchdog(watchdogUsec: null);

        Ticks(watchdog, 50);

        Assert.Equal(["READY=1"], Messages());
        Assert.Equal(TimeSpan.Zero, _received[0].At);
        Assert.Null(watchdog.PingInterval);
        Assert.Equal(0, watchdog.PingsSent);
    }

    [Fact]
    public void Watchdog_TicksOnTimeForFiveSeconds_PingsEveryHalfWatchdogUsec()
    {
        var watchdog = NewWatchdog();

        Ticks(watchdog, 50);

        var pings = PingTimes();
        Assert.InRange(pings.Count, 9, 11);
        Assert.All(pings.Zip(pings.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromMilliseconds(500), gap));
        Assert.Equal(pings.Count, watchdog.PingsSent);
        Assert.Equal(TimeSpan.FromMilliseconds(500), watchdog.PingInterval);
        // READY=1 exactly once, first, with the first ping on the first tick.
        Assert.Equal(1, Messages().Count(m => m == "READY=1"));
        Assert.Equal(["READY=1", "WATCHDOG=1"], Messages().Take(2));
    }

    [Fact]
    public void Watchdog_TicksStop_NoMorePingsArrive()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 20);
        Assert.Equal(4, PingTimes().Count);

        // The engine hangs: fake time goes on, OnTick is not called.
        var before = _received.Count;
        AdvanceWithoutTicks(TimeSpan.FromSeconds(5));

        Assert.Empty(_systemd.Drain());
        Assert.Equal(before, _received.Count);
        Assert.Equal(4, watchdog.PingsSent);
    }

    [Fact]
    public void Watchdog_TicksResumeAfterAStall_TheFirstTickCountsLateAndPingsResumeAfterTheLateWindow()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 10);
        AdvanceWithoutTicks(TimeSpan.FromMilliseconds(700));
        var resumedAt = Now();

        Ticks(watchdog, 10);

        // The first tick after 0.8 s without ticks is late even though the caller says on time (gap > 2 periods);
        // the pings wait WATCHDOG_USEC/4 of on-time ticks: the tick at +300 ms is the first past it.
        var resumed = PingTimes().Where(t => t >= resumedAt).ToList();
        Assert.Equal(resumedAt + TimeSpan.FromMilliseconds(300), resumed[0]);
        Assert.Equal(resumedAt + TimeSpan.FromMilliseconds(800), resumed[1]);
    }

    [Theory]
    [InlineData(150, true)]
    [InlineData(250, false)]
    public void Watchdog_TickReportedLongAfterItsTimestamp_PingsOnlyWithinTwoPeriods(int overrunMs, bool pinged)
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 5);
        var pingsBefore = watchdog.PingsSent;

        // The ping is due at this tick, but the tick ran for overrunMs before OnTick was called.
        var timestamp = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(overrunMs));
        watchdog.OnTick(timestamp, onTime: true);

        string[] expected = pinged ? ["WATCHDOG=1"] : [];
        Assert.Equal(expected, _systemd.Drain());
        Assert.Equal(pingsBefore + (pinged ? 1 : 0), watchdog.PingsSent);
    }

    [Fact]
    public void Watchdog_TicksLate_PingsStopAndResumeWhenTicksAreOnTimeAgain()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 10);
        var lateFrom = Now();
        Ticks(watchdog, 20, onTime: false);
        var onTimeFrom = Now();
        Ticks(watchdog, 20);

        var pings = PingTimes();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(500)], pings.Where(t => t < lateFrom));
        Assert.DoesNotContain(pings, t => t >= lateFrom && t < onTimeFrom);
        // Resumed once no tick was late for WATCHDOG_USEC/4 (the last late tick was at onTimeFrom - 100 ms),
        // then every WATCHDOG_USEC/2 again.
        Assert.Equal(
            [onTimeFrom + TimeSpan.FromMilliseconds(200), onTimeFrom + TimeSpan.FromMilliseconds(700),
             onTimeFrom + TimeSpan.FromMilliseconds(1200), onTimeFrom + TimeSpan.FromMilliseconds(1700)],
            pings.Where(t => t >= onTimeFrom));
    }

    [Fact]
    public void Watchdog_OneLateTickJustAsAPingIsDue_DelaysThatPingWellInsideTheTimeout()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 5);
        Ticks(watchdog, 1, onTime: false);
        Ticks(watchdog, 15);

        var pings = PingTimes();
        var longestGap = pings.Zip(pings.Skip(1), (a, b) => b - a).Max();
        // A single late tick must not let systemd's 1 s timeout expire: the ping due at 0.5 s goes at 0.8 s.
        Assert.Equal(TimeSpan.FromMilliseconds(800), pings[1]);
        Assert.True(longestGap <= TimeSpan.FromMilliseconds(800), $"longest gap between pings {longestGap}");
    }

    [Fact]
    public void AbstractNamespaceSocket_ReceivesReadyAndPings()
    {
        using var systemd = NotifySocketListener.Abstract("paxman-test-" + Guid.NewGuid().ToString("N"));
        var watchdog = NewWatchdog(notifySocket: systemd.NotifySocket);
        Assert.StartsWith("@", systemd.NotifySocket, StringComparison.Ordinal);

        var received = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            watchdog.OnTick(_time.GetTimestamp(), onTime: true);
            received.AddRange(systemd.Drain());
            _time.Advance(Period);
        }

        Assert.Equal(["READY=1", "WATCHDOG=1", "WATCHDOG=1"], received);
        Assert.Empty(_systemd.Drain());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NotifySocketUnset_EverythingIsANoOp(string? notifySocket)
    {
        var notifier = SystemdNotifier.FromEnvironment(
            name => name == SystemdNotifier.NotifySocketVariable ? notifySocket : "unexpected", _loggers.CreateLogger<SystemdNotifier>());
        _notifiers.Add(notifier);
        var watchdog = new EngineWatchdog(notifier, _time, WatchdogUsec, Period, _loggers.CreateLogger<EngineWatchdog>());

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.Address);
        Assert.False(notifier.Notify("READY=1"u8));
        for (var i = 0; i < 20; i++)
        {
            watchdog.OnTick(_time.GetTimestamp(), onTime: true);
            _time.Advance(Period);
        }

        watchdog.Stopping();
        Assert.False(watchdog.ReadySent);
        Assert.Equal(0, watchdog.PingsSent);
        Assert.Equal(0, notifier.SendFailures);
        Assert.Empty(_logs.Entries);
        Assert.Empty(_systemd.Drain());
    }

    [Fact]
    public void NotifySocket_RelativePath_IsDisabledWithOneWarning()
    {
        var notifier = new SystemdNotifier("notify.sock", _loggers.CreateLogger<SystemdNotifier>());
        _notifiers.Add(notifier);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"u8));
        var warning = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("notify.sock", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_SendsStoppingOnceAndNothingAfterIt()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 3);
        var beforeStopping = _received.Count;

        watchdog.Stopping();
        watchdog.Stopping();
        Ticks(watchdog, 20);

        Assert.Equal(["READY=1", "WATCHDOG=1"], Messages().Take(beforeStopping));
        Assert.Equal(["STOPPING=1"], Messages().Skip(beforeStopping));
    }

    [Fact]
    public void SendFailures_NobodyListening_AreLoggedOnceAndNeverThrown()
    {
        var notifier = new SystemdNotifier(_folder.File("nobody-listens.sock"), _loggers.CreateLogger<SystemdNotifier>());
        _notifiers.Add(notifier);
        var watchdog = new EngineWatchdog(notifier, _time, WatchdogUsec, Period, _loggers.CreateLogger<EngineWatchdog>());
        Assert.True(notifier.IsEnabled);

        for (var i = 0; i < 20; i++)
        {
            watchdog.OnTick(_time.GetTimestamp(), onTime: true);
            _time.Advance(Period);
        }

        watchdog.Stopping();

        // READY, four pings and STOPPING failed; one warning says so.
        Assert.Equal(6, notifier.SendFailures);
        Assert.False(watchdog.ReadySent);
        Assert.Equal(0, watchdog.PingsSent);
        var warning = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(typeof(SystemdNotifier).FullName, warning.Category);
        Assert.Contains("nobody-listens.sock", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnTick_SteadyStateWithPings_AllocatesNothing()
    {
        var watchdog = NewWatchdog();
        Ticks(watchdog, 20);
        var pingsBefore = watchdog.PingsSent;

        long allocated = 0;
        for (var i = 0; i < 100; i++)
        {
            var timestamp = _time.GetTimestamp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            watchdog.OnTick(timestamp, onTime: true);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            _time.Advance(Period);
            if (i % 5 == 4)
            {
                // The kernel queues only a few datagrams for a reader (net.unix.max_dgram_qlen); read them off.
                Assert.All(_systemd.Drain(), m => Assert.Equal("WATCHDOG=1", m));
            }
        }

        Assert.Equal(20, watchdog.PingsSent - pingsBefore);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("1000000", null, 1_000_000L)]
    [InlineData("1000000", "4242", 1_000_000L)]
    [InlineData("1000000", "4243", null)]
    [InlineData("1000000", "not-a-pid", null)]
    [InlineData(null, null, null)]
    [InlineData("", null, null)]
    [InlineData("0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("1s", null, null)]
    public void WatchdogUsecFromEnvironment_ReadsLikeSdWatchdogEnabled(string? usec, string? pid, long? expected)
    {
        var environment = new Dictionary<string, string?>
        {
            [EngineWatchdog.WatchdogUsecVariable] = usec,
            [EngineWatchdog.WatchdogPidVariable] = pid,
        };

        Assert.Equal(expected, EngineWatchdog.WatchdogUsecFromEnvironment(name => environment.GetValueOrDefault(name), processId: 4242));
    }

    public void Dispose()
    {
        foreach (var notifier in _notifiers)
        {
            notifier.Dispose();
        }

        _systemd.Dispose();
        _loggers.Dispose();
        _folder.Dispose();
    }

    private EngineWatchdog NewWatchdog(long? watchdogUsec = WatchdogUsec, string? notifySocket = null)
    {
        var notifier = SystemdNotifier.FromEnvironment(
            name => name == SystemdNotifier.NotifySocketVariable ? notifySocket ?? _systemd.NotifySocket : null,
            _loggers.CreateLogger<SystemdNotifier>());
        _notifiers.Add(notifier);
        Assert.True(notifier.IsEnabled);
        return new EngineWatchdog(notifier, _time, watchdogUsec, Period, _loggers.CreateLogger<EngineWatchdog>());
    }

    /// <summary>Runs <paramref name="count"/> ticks one period apart, reading what each sent to the socket.</summary>
    private void Ticks(EngineWatchdog watchdog, int count, bool onTime = true)
    {
        for (var i = 0; i < count; i++)
        {
            watchdog.OnTick(_time.GetTimestamp(), onTime);
            Listen();
            _time.Advance(Period);
        }
    }

    private void AdvanceWithoutTicks(TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Period)
        {
            _time.Advance(Period);
            Listen();
        }
    }

    private void Listen()
    {
        foreach (var message in _systemd.Drain())
        {
            _received.Add((Now(), message));
        }
    }

    private TimeSpan Now() => _time.GetUtcNow() - _start;

    private List<string> Messages() => _received.Select(r => r.Message).ToList();

    private List<TimeSpan> PingTimes() => _received.Where(r => r.Message == "WATCHDOG=1").Select(r => r.At).ToList();
}
