using System.Device.Gpio;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.State;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// The engine wired to a simulated unit on device time, without a host: what Simulated mode runs under the
/// lock-step driver, and what tests, benchmarks and the scenario runner step directly with <see cref="Tick"/>.
/// </summary>
public sealed class SimulatedRig : IDisposable
{
    private readonly GpioController _gpio;

    public SimulatedRig(UnitIdentity identity, IBrokerStatus broker, SimulatedUnitOptions unit, DateTimeOffset epoch, ILoggerFactory loggers,
        EngineOptions? options = null, IJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(loggers);
        Clock = new DeviceClock(epoch);
        Unit = new SimulatedUnit(unit, Clock);

        // The host's real adapters over the simulated hardware: the link over an in-process cable, the board
        // through a real GpioController on the simulated chip; the probe's fast path (the MAX31865's blocking
        // reads have no place in lock-step).
        var port = new InProcessMcuPort(Unit, Clock);
        _gpio = new GpioController(Unit.Board);
        Board = new BoardIo(_gpio);
        var link = new McuLink(port, Board.ResetLine, new McuLinkOptions(), Clock, new Random(unit.Seed), loggers.CreateLogger<McuLink>());
        // The simulated unit's power-on is the epoch of its monotonic clock (a fresh unit per rig until it outlives the host).
        var engineOptions = (options ?? new EngineOptions()) with { BootId = $"simulated-{Guid.NewGuid():N}" };
        Engine = new TickEngine(identity, broker, Clock, new Chiller(link, port), Board, Unit.Probe, engineOptions, journal);
    }

    /// <summary>The scenario runner's default epoch (CONTRACT section 5): wall time at device time zero.</summary>
    public static DateTimeOffset DefaultEpoch { get; } = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    public DeviceClock Clock { get; }

    /// <summary>The host's board adapter over the simulated GPIO chip.</summary>
    public BoardIo Board { get; }

    /// <summary>
    /// The simulated unit; touch it only on the engine's thread (from other threads, through
    /// <see cref="TickEngine.PostAsync{T}"/>, whose actions run between ticks).
    /// </summary>
    public SimulatedUnit Unit { get; }

    public TickEngine Engine { get; }

    /// <summary>
    /// A rig with no MQTT connection (tests, benchmarks, the scenario runner): unit PX-SIM-0001, a broker that is never
    /// connected, wall time starting at <paramref name="epoch"/> (<see cref="DefaultEpoch"/> when null).
    /// </summary>
    public static SimulatedRig Offline(SimulatedUnitOptions unit, ILoggerFactory? loggers = null, EngineOptions? options = null, DateTimeOffset? epoch = null)
    {
        var start = epoch ?? DefaultEpoch;
        return new SimulatedRig(new UnitIdentity("PX-SIM-0001", EdgeServiceCollectionExtensions.SoftwareVersion, Simulated: true, start),
            NoBroker.Instance, unit, start, loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, options);
    }

    /// <summary>One period of device time: the simulated unit runs through it, then the engine ticks.</summary>
    /// <param name="lateTicks">The driver's count of late ticks so far, reported in the state.</param>
    public void Tick(long lateTicks = 0)
    {
        Clock.Advance(RealTimeDriver.Period);
        Unit.Advance(RealTimeDriver.Period);
        Engine.Tick(Clock.GetTimestamp(), lateTicks);
    }

    /// <summary>Runs ticks until <paramref name="duration"/> of device time has passed.</summary>
    public UnitState Run(TimeSpan duration)
    {
        var ticks = (long)Math.Round(duration / RealTimeDriver.Period);
        for (var i = 0; i < ticks; i++)
        {
            Tick();
        }

        return Engine.State;
    }

    public void Dispose()
    {
        Board.Dispose();
        _gpio.Dispose();
    }

    private sealed class NoBroker : IBrokerStatus
    {
        public static readonly NoBroker Instance = new();

        public bool IsConnected => false;
    }
}
