using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Publishing;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Benchmarks.Fleet;

/// <summary>The size and pace of a fleet run (README, "A fleet on a clustered broker").</summary>
internal sealed record FleetOptions
{
    public int Units { get; init; } = 200;

    /// <summary>Device time every unit runs through, lock-step with the others.</summary>
    public TimeSpan DeviceTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Device seconds per wall second; 0 runs as fast as the machine goes.</summary>
    public double TimeScale { get; init; } = 10;

    /// <summary>
    /// One scripted session, opened to its end: channel A through pre-cool (a third), the infusion (a third) and a
    /// post-cool finished early (a sixth); channel B through pre-cool, aborted at two thirds. A session is only opened
    /// when it can end inside <see cref="DeviceTime"/>, so every opened session leaves a final record. A quarter of
    /// <see cref="DeviceTime"/> unless given (150 s in 10 minutes; the coolant is ready after about 70 s).
    /// </summary>
    public TimeSpan? SessionLength { get; init; }

    public TimeSpan Session => SessionLength ?? DeviceTime / 4;
}

/// <summary>
/// Many simulated units on one broker, each wired as the service wires itself (EdgeServiceCollectionExtensions): a
/// <see cref="SimulatedRig"/> over its own SQLite journal, its own <see cref="MqttConnection"/> (client id, retained
/// status and its Will), and the alarm, notice, record and live publishers, told by each tick. The rigs tick in
/// lock-step: every unit runs one device period before any runs the next. Nothing here uses the embedded broker.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    /// <summary>
    /// Extra mosquitto.conf lines for a fleet's broker, quieter than the test broker's <c>log_type all</c> (later
    /// <c>log_type none</c> resets it): logging every PUBLISH would be most of the broker's CPU.
    /// </summary>
    public static readonly string[] QuietBroker = ["log_type none", "log_type error", "log_type warning", "connection_messages false"];

    private readonly List<FleetUnit> _units;
    private readonly FleetOptions _options;

    private SimulatedFleet(List<FleetUnit> units, FleetOptions options)
    {
        _units = units;
        _options = options;
    }

    public IReadOnlyList<FleetUnit> Units => _units;

    /// <summary>Session ids of the final records the units produced (read once <see cref="RunAsync"/> has returned).</summary>
    public IReadOnlyCollection<string> Finished => _units.SelectMany(u => u.Finished).ToList();

    public int Refusals => _units.Sum(u => u.Nurse.Refusals);

    public string? FirstRefusal => _units.Select(u => u.Nurse.FirstRefusal).FirstOrDefault(r => r is not null);

    public int UnitsInSafeState => _units.Count(u => u.Rig.Engine.Safety.InSafeState);

    public long TelemetrySent => _units.Sum(u => u.Live.TelemetrySent);

    public long ChannelsSent => _units.Sum(u => u.Live.ChannelsSent);

    /// <summary>Creates the units in <paramref name="folder"/> (one journal each) and connects them to the broker.</summary>
    public static async Task<SimulatedFleet> StartAsync(FleetOptions options, int brokerPort, string folder, ILoggerFactory loggers,
        TimeSpan connectTimeout)
    {
        var epoch = DateTimeOffset.UtcNow;
        var units = new List<FleetUnit>(options.Units);
        for (var i = 0; i < options.Units; i++)
        {
            units.Add(FleetUnit.Create(i, options, brokerPort, Path.Combine(folder, $"unit-{i:D4}"), epoch, loggers));
        }

        var fleet = new SimulatedFleet(units, options);
        foreach (var unit in units)
        {
            await unit.StartAsync();
        }

        var deadline = DateTime.UtcNow + connectTimeout;
        while (units.Any(u => !u.Connection.IsConnected))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{units.Count(u => !u.Connection.IsConnected)} of {units.Count} units not connected");
            }

            // Waiting for real connections to a real broker, not for device time to pass.
            await Task.Delay(20);
        }

        return fleet;
    }

    /// <summary>
    /// Runs every unit through <see cref="FleetOptions.DeviceTime"/> in lock-step, paced to
    /// <see cref="FleetOptions.TimeScale"/> of wall time (or as fast as possible at 0).
    /// </summary>
    public async Task RunAsync()
    {
        var steps = (long)Math.Round(_options.DeviceTime / RealTimeDriver.Period);
        var started = TimeProvider.System.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        for (long step = 1; step <= steps; step++)
        {
            Parallel.For(0, _units.Count, parallel, i => _units[i].Rig.Tick());
            if (_options.TimeScale > 0 && step % 10 == 0)
            {
                // Paced to wall time: a benchmark of a fleet at a known rate, not a test waiting for time.
                var due = RealTimeDriver.Period * step / _options.TimeScale;
                var ahead = due - TimeProvider.System.GetElapsedTime(started);
                if (ahead > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(ahead);
                }
            }
            else if (step % 100 == 0)
            {
                // Let the publishers' loops and the journals' writers run between bursts of ticks.
                await Task.Yield();
            }
        }

        foreach (var unit in _units)
        {
            unit.Journal.Flush();
        }
    }

    /// <summary>Waits until every unit's records outbox has every record it finished acknowledged (PUBACK Success).</summary>
    public async Task<bool> WaitDeliveredAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_units.All(u => u.Records.Outbox.Delivered >= u.Finished.Count && u.Journal.PendingRecordBacklog().Count == 0))
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Records still undelivered in the units' journals.</summary>
    public int Backlog => _units.Sum(u => u.Journal.PendingRecordBacklog().Count);

    public async ValueTask DisposeAsync()
    {
        foreach (var unit in _units)
        {
            await unit.DisposeAsync();
        }
    }
}

/// <summary>One unit of the fleet: the rig, its journal, its connection and its publishers, and a scripted nurse.</summary>
internal sealed class FleetUnit : IAsyncDisposable
{
    private FleetUnit(SimulatedRig rig, SqliteJournal journal, MqttConnection connection, AlarmPublisher alarms, NoticePublisher notices,
        RecordPublisher records, LivePublisher live, FleetNurse nurse)
    {
        Rig = rig;
        Journal = journal;
        Connection = connection;
        Alarms = alarms;
        Notices = notices;
        Records = records;
        Live = live;
        Nurse = nurse;
        var engine = rig.Engine;
        engine.TickCompleted += produced =>
        {
            // As the service does (EdgeServiceCollectionExtensions): each outbox's loop is told, then the live slots fill.
            var journaled = engine.LastJournaled;
            if (produced.AlarmChanges.Count > 0)
            {
                alarms.Notify(journaled);
            }

            if (produced.Records.Count > 0)
            {
                foreach (var record in produced.Records)
                {
                    Finished.Add(record.Record.SessionId);
                }

                records.Notify(journaled);
            }

            if (TickNotices.Any(produced))
            {
                notices.Notify(journaled);
            }

            live.OnTick(engine, produced);
        };
    }

    public SimulatedRig Rig { get; }

    public SqliteJournal Journal { get; }

    public MqttConnection Connection { get; }

    public AlarmPublisher Alarms { get; }

    public NoticePublisher Notices { get; }

    public RecordPublisher Records { get; }

    public LivePublisher Live { get; }

    public FleetNurse Nurse { get; }

    /// <summary>Session ids of the final records this unit produced (engine thread while running).</summary>
    public List<string> Finished { get; } = [];

    public static FleetUnit Create(int index, FleetOptions options, int brokerPort, string folder, DateTimeOffset epoch, ILoggerFactory loggers)
    {
        Directory.CreateDirectory(folder);
        var unitId = $"PX-FLEET-{index + 1:D4}";
        var identity = new UnitIdentity(unitId, EdgeServiceCollectionExtensions.SoftwareVersion, Simulated: true, epoch);
        var connection = new MqttConnection(Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = brokerPort }), identity, TimeProvider.System,
            loggers.CreateLogger<MqttConnection>());
        var journal = SqliteJournal.Open(folder, TimeProvider.System, loggers.CreateLogger<SqliteJournal>());
        var rig = new SimulatedRig(identity, connection, new SimulatedUnitOptions { Seed = 1000 + index, StartCoolantC = -4 }, epoch, loggers,
            journal: journal);
        var alarms = new AlarmPublisher(connection, journal, TimeProvider.System, loggers.CreateLogger<AlarmPublisher>());
        var notices = new NoticePublisher(connection, journal, TimeProvider.System, loggers.CreateLogger<NoticePublisher>());
        var records = new RecordPublisher(connection, journal, TimeProvider.System, loggers.CreateLogger<RecordPublisher>());
        var live = new LivePublisher(connection, TimeProvider.System, loggers.CreateLogger<LivePublisher>());

        // Units open their sessions a little apart (up to a fifth of a session), as a ward's would.
        var firstAt = options.Session * (index % 20) / 100;
        var nurse = new FleetNurse(rig, options.Session, options.DeviceTime, firstAt);
        return new FleetUnit(rig, journal, connection, alarms, notices, records, live, nurse);
    }

    public async Task StartAsync()
    {
        await Connection.StartAsync(CancellationToken.None);
        await Alarms.StartAsync(CancellationToken.None);
        await Notices.StartAsync(CancellationToken.None);
        await Records.StartAsync(CancellationToken.None);
        await Live.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Live.StopAsync(CancellationToken.None);
        await Records.StopAsync(CancellationToken.None);
        await Notices.StopAsync(CancellationToken.None);
        await Alarms.StopAsync(CancellationToken.None);
        await Connection.StopAsync(CancellationToken.None);
        Live.Dispose();
        Records.Dispose();
        Notices.Dispose();
        Alarms.Dispose();
        Connection.Dispose();
        Journal.Dispose();
        Rig.Dispose();
    }
}

/// <summary>
/// The fleet's scripted nurse, run after each tick on the unit's engine thread (<see cref="FleetOptions.SessionLength"/>
/// says what she does on each channel). Her actions go through the engine's queue; a refused one is counted.
/// </summary>
internal sealed class FleetNurse
{
    private static readonly NewSessionRequest Request = new() { PatientRef = "P-FLEET", OperatorId = "N-1", Regimen = "docetaxel" };
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(10);

    private readonly SimulatedRig _rig;
    private readonly TimeSpan _length;
    private readonly TimeSpan _end;
    private readonly Stage[] _stage = [Stage.Idle, Stage.Idle];
    private readonly TimeSpan[] _due;
    private readonly Task<SessionRefusal?>?[] _pending = new Task<SessionRefusal?>?[2];

    public FleetNurse(SimulatedRig rig, TimeSpan sessionLength, TimeSpan end, TimeSpan firstAt)
    {
        _rig = rig;
        _length = sessionLength;
        _end = end;
        _due = [firstAt, firstAt + Gap];
        rig.Engine.TickCompleted += _ => OnTick();
    }

    private enum Stage
    {
        Idle,
        Plugged,
        Precool,
        Infusion,
        Postcool,
    }

    public int Refusals { get; private set; }

    public string? FirstRefusal { get; private set; }

    private void OnTick()
    {
        var engine = _rig.Engine;
        var now = _rig.Unit.DeviceTime;
        for (var i = 0; i < 2; i++)
        {
            if (_pending[i] is { } pending)
            {
                if (!pending.IsCompleted)
                {
                    continue;
                }

                _pending[i] = null;
                if (pending.Result is { } refusal)
                {
                    Refusals++;
                    FirstRefusal ??= $"{refusal.Detail} ({_stage[i]} on {(CapChannel)i})";
                    _stage[i] = Stage.Idle;
                    _due[i] = now + Gap;
                    continue;
                }
            }

            if (now < _due[i])
            {
                continue;
            }

            var channel = (CapChannel)i;
            switch (_stage[i])
            {
                case Stage.Idle when now + _length <= _end && engine.Control.Ready && !engine.Safety.InSafeState:
                    // The cap goes on when the coolant is ready; pre-cool starts once the unit has seen it.
                    _rig.Unit.SetCap(channel, true);
                    _stage[i] = Stage.Plugged;
                    break;
                case Stage.Plugged when engine.Snapshot.CapConnected(channel):
                    Post(i, () => OpenAndPrecool(engine, channel), Stage.Precool, now + (i == 0 ? _length / 3 : _length * 2 / 3));
                    break;
                case Stage.Precool when i == 0:
                    Post(i, () => engine.Act(channel, SessionAction.InfusionStart, "N-1"), Stage.Infusion, now + _length / 3);
                    break;
                case Stage.Precool:
                    Post(i, () => engine.Act(channel, SessionAction.Abort, "N-1", AbortReasons.PatientRequest), Stage.Idle, now + Gap);
                    break;
                case Stage.Infusion:
                    Post(i, () => engine.Act(channel, SessionAction.InfusionEnd, "N-1"), Stage.Postcool, now + _length / 6);
                    break;
                case Stage.Postcool:
                    Post(i, () => engine.Act(channel, SessionAction.Finish, "N-1"), Stage.Idle, now + Gap);
                    break;
            }
        }
    }

    // A session whose pre-cool is refused is aborted at once (it still leaves a record), so the channel is free again.
    private static SessionRefusal? OpenAndPrecool(TickEngine engine, CapChannel channel)
    {
        if (engine.OpenSession(channel, Request).Refusal is { } refused)
        {
            return refused;
        }

        var precool = engine.Act(channel, SessionAction.Precool, "N-1");
        if (precool is not null)
        {
            engine.Act(channel, SessionAction.Abort, "N-1", AbortReasons.Other);
        }

        return precool;
    }

    private void Post(int channel, Func<SessionRefusal?> action, Stage next, TimeSpan due)
    {
        _pending[channel] = _rig.Engine.PostAsync(action);
        _stage[channel] = next;
        _due[channel] = due;
    }
}
