using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// A stand-in nurse for tests, benchmarks and demos of the simulated unit: when a cap is plugged in on an idle or done
/// channel she opens a session (regimen <c>default</c>), and she starts pre-cool as soon as the unit is ready and out
/// of its safe state, so that a plugged cap is a treated cap. She never resumes, finishes or aborts a session: whoever
/// uses her does that. Runs after each tick on the engine's thread; her actions go through the engine's queue.
/// </summary>
public sealed class StandingNurse
{
    private readonly TickEngine _engine;
    private readonly bool[] _asked = new bool[2];
    private readonly bool[] _plugged = new bool[2];

    public StandingNurse(TickEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        engine.TickCompleted += _ => StandBy();
    }

    /// <summary>Whether she acts; off, she only watches.</summary>
    public bool OnDuty { get; set; } = true;

    // Allocation-free on a quiet tick (the allocation test runs with her standing by).
    private void StandBy()
    {
        for (var i = 0; i < 2; i++)
        {
            var channel = (CapChannel)i;
            var connected = _engine.Snapshot.CapConnected(channel);
            var justPlugged = connected && !_plugged[i];
            _plugged[i] = connected;
            if (!OnDuty || _asked[i] || !connected)
            {
                continue;
            }

            // A new patient is a cap plugged in on an idle or done channel (not a cap left on after completion).
            var phase = _engine.Sessions[channel].Phase;
            if (phase is SessionPhase.Idle or SessionPhase.Done && justPlugged)
            {
                AskToOpen(channel);
            }
            else if (phase == SessionPhase.Prepared && _engine.Control.Ready && !_engine.Safety.InSafeState)
            {
                AskToPrecool(channel);
            }
        }
    }

    // The lambdas live in these methods, not in StandBy's loop, whose quiet ticks must not allocate their closures.
    private void AskToOpen(CapChannel channel) => Ask(channel, () => _engine.OpenSession(channel,
        new NewSessionRequest { PatientRef = $"P-{channel.Name()}", OperatorId = "N-1", Regimen = "default" }).Refusal);

    private void AskToPrecool(CapChannel channel) => Ask(channel, () => _engine.Act(channel, SessionAction.Precool));

    private void Ask(CapChannel channel, Func<SessionRefusal?> action)
    {
        _asked[(int)channel] = true;
        _ = _engine.PostAsync(() =>
        {
            _asked[(int)channel] = false;
            return action();
        });
    }
}
