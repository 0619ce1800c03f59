using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// The whole unit (engine, link, MCU emulator, plant, board, probe) stepped tick by tick in device time, with the
/// questions the safety tests ask of it. Every figure is device time; nothing waits for real time.
/// </summary>
/// <remarks>
/// A nurse stands by (<see cref="Nurse"/>, on unless a test turns it off): when a cap is plugged in on an idle or done
/// channel it opens a session, and starts pre-cool as soon as the unit is ready and out of its safe state, so that a
/// connected cap is a cap being treated, as the safety tests expect. It never resumes a session: a test does that.
/// </remarks>
public sealed class UnitUnderTest : IDisposable
{
    public static readonly DateTimeOffset Epoch = SimulatedRig.DefaultEpoch;
    private readonly List<AlarmChange> _alarmChanges = [];
    private readonly List<InterruptionEvent> _interruptions = [];
    private readonly StandingNurse _nurse;

    /// <param name="startCoolantC">The coolant at start: null for the room's (a full chill-down), -4 for a unit already cold.</param>
    /// <param name="mcu">The MCU firmware's constants, for a unit whose firmware differs from the default.</param>
    /// <param name="built">The unit's build (its plant's constants, the room) with the seed, start and MCU above applied; null for the default.</param>
    public UnitUnderTest(ILoggerFactory loggers, double? startCoolantC = -4, int seed = 1, EngineOptions? options = null, McuEmulatorOptions? mcu = null,
        SimulatedUnitOptions? built = null)
    {
        Rig = SimulatedRig.Offline((built ?? new SimulatedUnitOptions()) with { Seed = seed, StartCoolantC = startCoolantC, Mcu = mcu ?? new McuEmulatorOptions() },
            loggers, options);
        _nurse = new StandingNurse(Rig.Engine);
        Rig.Engine.TickCompleted += produced =>
        {
            _alarmChanges.AddRange(produced.AlarmChanges);
            _interruptions.AddRange(produced.Interruptions);
        };
    }

    public SimulatedRig Rig { get; }

    public SimulatedUnit Unit => Rig.Unit;

    public TickEngine Engine => Rig.Engine;

    public UnitState State => Engine.State;

    /// <summary>Device time since start.</summary>
    public TimeSpan Now => Rig.Clock.Elapsed;

    /// <summary>
    /// The engine's device uptime at the last tick: what alarms, conditions and interruptions are dated in
    /// (one tick behind <see cref="Now"/>, because the engine's clock starts at its first tick).
    /// </summary>
    public TimeSpan Uptime => Engine.Snapshot.Uptime;

    /// <summary>Every alarm change so far.</summary>
    public IReadOnlyList<AlarmChange> AlarmChanges => _alarmChanges;

    /// <summary>Every interruption start and end so far.</summary>
    public IReadOnlyList<InterruptionEvent> Interruptions => _interruptions;

    public bool InSafeState => Engine.Safety.InSafeState;

    /// <summary>The unit's outputs are all safe: compressor off, pump off, valves closed, cooling-enable low (board and MCU).</summary>
    public bool OutputsSafe =>
        !Engine.BoardOutputs.CoolingEnable
        && Engine.BoardOutputs.Beacon == Beacon.Red
        && Unit.Mcu.Drive.CompressorPct == 0 && !Unit.Mcu.Drive.Pump && !Unit.Mcu.Drive.ValveA && !Unit.Mcu.Drive.ValveB
        && !Unit.Board.CoolingEnable;

    public void Run(TimeSpan duration) => Rig.Run(duration);

    /// <summary>Ticks until <paramref name="condition"/> holds; returns the device time it took, or fails after <paramref name="limit"/>.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var start = Now;
        while (!condition())
        {
            if (Now - start > limit)
            {
                throw new Xunit.Sdk.XunitException($"not within {limit} of device time: {what}");
            }

            Rig.Tick();
        }

        return Now - start;
    }

    /// <summary>Runs until the unit is ready to treat (within +/- 1 C of the setpoint for 60 s).</summary>
    public void RunUntilReady() => RunUntil(() => Engine.Control.Ready, TimeSpan.FromMinutes(40), "ready");

    /// <summary>The open occurrence of <paramref name="code"/> (on <paramref name="channel"/>), or null.</summary>
    public AlarmOccurrence? Open(string code, CapChannel? channel = null) =>
        Engine.Safety.Alarms.Open.FirstOrDefault(o => o.Code == code && (channel is null || o.Channel == channel));

    public bool IsRaised(string code, CapChannel? channel = null) => Open(code, channel) is not null;

    /// <summary>Acknowledges every open alarm, as a nurse at the touchscreen would (through the engine's queue).</summary>
    public void AcknowledgeAll()
    {
        foreach (var occurrence in Engine.Safety.Alarms.Open.ToList())
        {
            _ = Engine.PostAsync(() => Engine.Acknowledge(occurrence.AlarmId));
        }

        Rig.Tick();
    }

    /// <summary>Acknowledges the open alarm of <paramref name="code"/> alone, as a nurse would (through the engine's queue).</summary>
    public void Acknowledge(string code, CapChannel? channel = null)
    {
        var occurrence = Open(code, channel) ?? throw new InvalidOperationException($"no open {code} alarm to acknowledge");
        _ = Engine.PostAsync(() => Engine.Acknowledge(occurrence.AlarmId));
        Rig.Tick();
    }

    /// <summary>Connects a cap and runs past the coolant-warm grace period (5 min) so the channel is in steady treatment.</summary>
    public void ConnectAndSettle(CapChannel channel)
    {
        Unit.SetCap(channel, true);
        Run(TimeSpan.FromMinutes(6));
    }

    public Interruption Causes(CapChannel channel) => Engine.Safety.Causes(channel);

    /// <summary>Plugs a cap in and runs until its session is in pre-cool (the unit must be ready and out of its safe state).</summary>
    public void StartCooling(CapChannel channel)
    {
        Unit.SetCap(channel, true);
        RunUntil(() => Engine.Sessions[channel].Phase == SessionPhase.Precool, TimeSpan.FromSeconds(5), $"pre-cool on {channel.Name()}");
    }

    /// <summary>A nurse's action through the engine's queue, applied by the next tick; returns the refusal or null.</summary>
    public SessionRefusal? Act(CapChannel channel, SessionAction action, string? reason = null)
    {
        var posted = Engine.PostAsync(() => Engine.Act(channel, action, reason: reason));
        Rig.Tick();
        return posted.Result;
    }

    /// <summary>Whether the standing-by nurse opens sessions and starts pre-cool for every cap plugged in.</summary>
    public bool Nurse
    {
        get => _nurse.OnDuty;
        set => _nurse.OnDuty = value;
    }

    /// <summary>The nurse confirms the cap is still on after a STOP or a restart (through the engine's queue, then one tick).</summary>
    public SessionRefusal? Resume(CapChannel channel) => Act(channel, SessionAction.Resume);

    public void Dispose() => Rig.Dispose();

}
