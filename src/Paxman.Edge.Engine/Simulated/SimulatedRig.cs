using System.Device.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.State;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// A simulated unit on device time and the host that runs on it: what Simulated mode runs under the lock-step
/// driver, and what tests, benchmarks and the scenario runner step directly with <see cref="Tick"/>. The unit (plant,
/// MCU, board, probe) and its clock outlive the host: <see cref="StopHost"/> and <see cref="StartHost"/> model the
/// host process dying and coming back while the hardware keeps running.
/// </summary>
public sealed class SimulatedRig : IDisposable
{
    private readonly UnitIdentity _identity;
    private readonly IBrokerStatus _broker;
    private readonly ILoggerFactory _loggers;
    private readonly EngineOptions _options;
    private readonly int _seed;
    private GpioController? _gpio;
    private BoardIo? _board;
    private TickEngine? _engine;
    private int _powerCuts;

    /// <summary>A fresh simulated unit at power-on, with its host started.</summary>
    public SimulatedRig(UnitIdentity identity, IBrokerStatus broker, SimulatedUnitOptions unit, DateTimeOffset epoch, ILoggerFactory loggers,
        EngineOptions? options = null, IJournal? journal = null)
        : this(identity, broker, new DeviceClock(epoch), clock => new SimulatedUnit(unit, clock), unit.Seed, loggers, options, journal)
    {
    }

    /// <summary>A simulated unit that already exists (restored after the host process restarted), with its host started.</summary>
    public SimulatedRig(UnitIdentity identity, IBrokerStatus broker, DeviceClock clock, Func<DeviceClock, SimulatedUnit> unit, int seed,
        ILoggerFactory loggers, EngineOptions? options = null, IJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(loggers);
        _identity = identity;
        _broker = broker;
        _loggers = loggers;
        _options = options ?? new EngineOptions();
        _seed = seed;
        Clock = clock;
        Unit = unit(clock);
        StartHost(journal);
    }

    /// <summary>The scenario runner's default epoch (README, "Scenario runner"): wall time at device time zero.</summary>
    public static DateTimeOffset DefaultEpoch { get; } = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    public DeviceClock Clock { get; }

    /// <summary>
    /// The simulated unit; touch it only on the engine's thread (from other threads, through
    /// <see cref="TickEngine.PostAsync{T}"/>, whose actions run between ticks).
    /// </summary>
    public SimulatedUnit Unit { get; }

    /// <summary>The host is running (false between <see cref="StopHost"/> and <see cref="StartHost"/>).</summary>
    public bool HostUp => _engine is not null;

    /// <summary>The host's board adapter over the simulated GPIO chip.</summary>
    public BoardIo Board => _board ?? throw HostDown();

    /// <summary>The running host's engine.</summary>
    public TickEngine Engine => _engine ?? throw HostDown();

    /// <summary>
    /// Identifies the epoch of the simulated unit's monotonic clock: the same across host restarts (the clock spans
    /// them), new after a power cut (the board rebooted).
    /// </summary>
    public string BootId => $"simulated-{Clock.Epoch.UtcTicks}-{_powerCuts}";

    /// <summary>
    /// A rig with no MQTT connection (tests, benchmarks, the scenario runner): unit PX-SIM-0001, a broker that is never
    /// connected, wall time starting at <paramref name="epoch"/> (<see cref="DefaultEpoch"/> when null).
    /// </summary>
    public static SimulatedRig Offline(SimulatedUnitOptions unit, ILoggerFactory? loggers = null, EngineOptions? options = null, DateTimeOffset? epoch = null,
        IJournal? journal = null)
    {
        var start = epoch ?? DefaultEpoch;
        return new SimulatedRig(new UnitIdentity("PX-SIM-0001", EdgeServiceCollectionExtensions.SoftwareVersion, Simulated: true, start),
            NoBroker.Instance, unit, start, loggers ?? NullLoggerFactory.Instance, options, journal);
    }

    /// <summary>One period of device time: the simulated unit runs through it, then the engine ticks (if the host is up).</summary>
    /// <param name="lateTicks">The driver's count of late ticks so far, reported in the state.</param>
    public void Tick(long lateTicks = 0)
    {
        Clock.Advance(RealTimeDriver.Period);
        Unit.Advance(RealTimeDriver.Period);
        _engine?.Tick(Clock.GetTimestamp(), lateTicks);
    }

    /// <summary>Runs ticks until <paramref name="duration"/> of device time has passed.</summary>
    public UnitState? Run(TimeSpan duration)
    {
        var ticks = (long)Math.Round(duration / RealTimeDriver.Period);
        for (var i = 0; i < ticks; i++)
        {
            Tick();
        }

        return _engine?.State;
    }

    /// <summary>
    /// The host process dies at this instant: everything it had not journaled is lost; its GPIO lines stay as it left
    /// them (the kernel keeps a released line's level here), and the MCU's dead-man fires by itself.
    /// </summary>
    public void StopHost()
    {
        // Abandon closes the host's lines. The controller is let go, not disposed: disposing a GpioController
        // disposes its driver, and that driver is the unit's board, which outlives the host.
        _board?.Abandon();
        _board = null;
        _gpio = null;
        _engine = null;
    }

    /// <summary>The whole unit loses power for <paramref name="down"/>: the host dies, and the board reboots with the unit.</summary>
    public void PowerCut(TimeSpan down)
    {
        StopHost();
        Unit.PowerCut(down);
        _powerCuts++;
    }

    /// <summary>
    /// A host process starts on the unit as it is now: the real adapters over the simulated hardware (the link over an
    /// in-process cable, the board through a real GpioController on the simulated chip, the probe's fast path) and a
    /// new engine, which recovers from <paramref name="journal"/> at its first tick.
    /// </summary>
    public void StartHost(IJournal? journal)
    {
        if (HostUp)
        {
            throw new InvalidOperationException("the host is already running");
        }

        var port = new InProcessMcuPort(Unit, Clock);
        _gpio = new GpioController(Unit.Board);
        _board = new BoardIo(_gpio, time: Clock);
        var link = new McuLink(port, _board.ResetLine, new McuLinkOptions(), Clock, new Random(_seed), _loggers.CreateLogger<McuLink>());
        _engine = new TickEngine(_identity, _broker, Clock, new Chiller(link, port), _board, Unit.Probe, _options with { BootId = BootId, ClockSync = new SimulatedClockSync(this) }, journal,
            _loggers.CreateLogger<SafetyLog>());
    }

    public void Dispose()
    {
        _board?.Dispose();
        _gpio?.Dispose();
    }

    private static InvalidOperationException HostDown() => new("the host is down (between StopHost and StartHost)");

    // In Simulated mode and the scenario runner the epoch is chosen freely: only the clock-unsynced fault unsynchronises it.
    private sealed class SimulatedClockSync(SimulatedRig rig) : Core.Time.IClockSync
    {
        public bool IsSynchronised(DateTimeOffset wallNow) => !rig.Unit.ClockUnsynced;
    }

    private sealed class NoBroker : IBrokerStatus
    {
        public static readonly NoBroker Instance = new();

        public bool IsConnected => false;

        public int Backlog => 0;

        public DateTimeOffset? OldestUndeliveredAt => null;
    }
}
