using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Messaging;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// Runs a scenario (README of the simulator, "Scenario runner"): the unit's engine on a <see cref="SimulatedRig"/>, in
/// lock-step with the simulated plant, as fast as the CPU allows, with a SQLite journal on disk and the publisher over
/// a <see cref="CaptureTransport"/>. This thread is the engine's thread: every tick is called synchronously, and nurse
/// actions go through <see cref="TickEngine.PostAsync{T}"/>, so they run inside a tick as the HTTP API's do.
/// </summary>
/// <remarks>
/// Determinism: the unit's noise and the session ids come from the scenario's seed, wall time from its epoch, and
/// what a <c>restart</c> or <c>power-cut</c> loses is decided by device time alone: the journal is flushed
/// synchronously before the host dies, so recovery starts from the last checkpoint the engine wrote, never from
/// whatever the journal's writer thread happened to have committed.
/// </remarks>
internal sealed class ScenarioRunner : IDisposable
{
    /// <summary>What a nurse action gets while the host is down (README of the simulator, "Scenario runner").</summary>
    public const string HostDownDetail = "unit restarting";

    private readonly Scenario _scenario;
    private readonly ScenarioOutput _output;
    private readonly CaptureTransport _transport;
    private readonly ScenarioPublisher _publisher;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _wallTime;
    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly SimulatedRig _rig;
    private readonly List<PostedAction> _posted = [];
    private readonly List<Task> _applied = [];
    private SqliteJournal? _journal;
    private TimeSpan? _hostUpAt;

    /// <param name="journalFolder">The journal's folder (<c>--journal DIR</c>); null for a fresh temporary one, deleted afterwards.</param>
    /// <param name="wallTime">Measures the run's real duration (the summary's <c>wallSeconds</c>); the machine's clock by default.</param>
    public ScenarioRunner(Scenario scenario, TextWriter output, string? journalFolder = null, ILoggerFactory? loggers = null, TimeProvider? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(output);
        _scenario = scenario;
        _output = new ScenarioOutput(output);
        _transport = new CaptureTransport(_output);
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _wallTime = wallTime ?? TimeProvider.System;
        _ownsFolder = journalFolder is null;
        _folder = journalFolder ?? Directory.CreateTempSubdirectory("paxman-scenario-").FullName;

        var identity = new UnitIdentity("PX-SIM-0001", EdgeServiceCollectionExtensions.SoftwareVersion, Simulated: true, scenario.Epoch);
        var ids = new SeededSessionIds(scenario.Seed);
        var options = new EngineOptions { NewSessionId = ids.Next };
        var unit = new SimulatedUnitOptions { Seed = scenario.Seed, AmbientC = scenario.AmbientC };
        var clock = new DeviceClock(scenario.Epoch);
        _publisher = new ScenarioPublisher(new MqttTopics(identity.UnitId), _transport, clock, scenario.Seed, _loggers.CreateLogger<ScenarioPublisher>());
        try
        {
            _journal = OpenJournal(clock);
            _rig = new SimulatedRig(identity, _transport, clock, c => new SimulatedUnit(unit, c), unit.Seed, _loggers, options, _journal);
        }
        catch
        {
            _journal?.Dispose();
            DeleteFolder();
            throw;
        }

        _publisher.Attach(_journal);
        _rig.Engine.TickCompleted += _publisher.For(_rig.Engine);
    }

    /// <summary>Runs the whole scenario, writing its lines, and returns the summary (also written as the last line).</summary>
    /// <exception cref="IOException">The journal cannot be opened or written.</exception>
    public ScenarioSummary Run()
    {
        var started = _wallTime.GetTimestamp();
        var steps = _scenario.Steps;
        var next = 0;
        var now = TimeSpan.Zero;

        // Steps at 00:00:00 run before the first tick (0.1 s); every other step runs just before the tick of its instant.
        next = ApplyAt(now, steps, next);
        while (now < _scenario.RunUntil)
        {
            now += ScenarioTime.Tick;
            if (_hostUpAt == now)
            {
                HostUp();
            }

            next = ApplyAt(now, steps, next);
            _rig.Tick();
            Settle();
        }

        _journal?.Flush();
        WaitForApplied();
        var wall = _wallTime.GetElapsedTime(started).TotalSeconds;
        var summary = new ScenarioSummary(_output.Records, _output.Alarms, _output.Refused, _scenario.RunUntil.TotalSeconds, Math.Round(wall, 3));
        _output.Summary(summary);
        return summary;
    }

    public void Dispose()
    {
        _rig.Dispose();
        _journal?.Dispose();
        _journal = null;
        DeleteFolder();
    }

    private int ApplyAt(TimeSpan now, IReadOnlyList<ScenarioStep> steps, int next)
    {
        while (next < steps.Count && steps[next].At == now)
        {
            Apply(steps[next++]);
        }

        return next;
    }

    private void Apply(ScenarioStep step)
    {
        if (step.Action.IsNurseAction())
        {
            Post(step);
            return;
        }

        var unit = _rig.Unit;
        switch (step.Action)
        {
            case ScenarioAction.PowerOn:
                // The rig is at power-on at the epoch; the step only says so.
                break;
            case ScenarioAction.Cap:
                unit.SetCap(step.Channel!.Value, step.On);
                break;
            case ScenarioAction.StopButton:
                unit.SetStopPressed(step.On);
                break;
            case ScenarioAction.Ambient:
                unit.Plant.AmbientC = step.AmbientC;
                break;
            case ScenarioAction.Fault:
                unit.Apply(step.Fault);
                break;
            case ScenarioAction.ClockStep:
                _rig.Clock.StepWallClock(step.WallStep);
                break;
            case ScenarioAction.BrokerDown:
                _transport.IsConnected = false;
                break;
            case ScenarioAction.BrokerUp:
                _transport.IsConnected = true;
                _publisher.BrokerUp();
                break;
            case ScenarioAction.Restart:
                HostDown(step, () => _rig.StopHost());
                break;
            case ScenarioAction.PowerCut:
                HostDown(step, () => _rig.PowerCut(step.Down));
                break;
            default:
                throw new InvalidOperationException($"{step}: not handled");
        }
    }

    // A nurse action goes to the engine's queue and runs inside the next tick; its refusal is written from there.
    private void Post(ScenarioStep step)
    {
        if (!_rig.HostUp)
        {
            _output.Refusal(step.Index, HostDownDetail);
            return;
        }

        var engine = _rig.Engine;
        var posted = new PostedAction(step);
        posted.Task = engine.PostAsync(() =>
        {
            posted.Ran = true;
            if (NurseActions.Apply(engine, step) is { } refusal)
            {
                _output.Refusal(step.Index, refusal);
            }

            return true;
        });
        _posted.Add(posted);
    }

    // After a tick: the actions posted before it have run; each is acknowledged once what it journaled is durable.
    private void Settle()
    {
        foreach (var posted in _posted)
        {
            if (!posted.Ran)
            {
                throw new InvalidOperationException($"{posted.Step}: the engine did not run the action in its tick");
            }

            _applied.Add(posted.Task!);
        }

        _posted.Clear();
    }

    // The host process dies at this instant. Everything journaled so far is made durable first, so recovery depends on
    // device time (the last checkpoint), not on the writer thread's timing; an action posted at this same instant never
    // ran (the host died before its tick) and is refused as one sent to a restarting unit would be.
    private void HostDown(ScenarioStep step, Action die)
    {
        foreach (var posted in _posted)
        {
            _output.Refusal(posted.Step.Index, HostDownDetail);
        }

        _posted.Clear();
        _journal!.Flush();
        _publisher.Detach();
        die();
        _journal.Dispose();
        _journal = null;
        _hostUpAt = step.At + step.Down;
    }

    // The host starts again on the journal in the same folder; the new engine recovers from it at its first tick.
    private void HostUp()
    {
        _hostUpAt = null;
        _journal = OpenJournal(_rig.Clock);
        _rig.StartHost(_journal);
        _publisher.Attach(_journal);
        _rig.Engine.TickCompleted += _publisher.For(_rig.Engine);
    }

    private SqliteJournal OpenJournal(TimeProvider clock) => SqliteJournal.Open(_folder, clock, _loggers.CreateLogger<SqliteJournal>());

    // Every action that ran has been acknowledged (its journal rows are durable), or the journal failed: then the run fails.
    private void WaitForApplied()
    {
        try
        {
            Task.WaitAll([.. _applied], TimeSpan.FromSeconds(30));
        }
        catch (AggregateException ex)
        {
            throw new IOException($"the journal could not make an action durable: {ex.InnerException?.Message}", ex.InnerException);
        }
    }

    private void DeleteFolder()
    {
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; the system cleans it eventually.
        }
    }

    private sealed class PostedAction(ScenarioStep step)
    {
        public ScenarioStep Step { get; } = step;

        public Task<bool>? Task { get; set; }

        public bool Ran { get; set; }
    }
}
