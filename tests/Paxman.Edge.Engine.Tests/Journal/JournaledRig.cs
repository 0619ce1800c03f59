using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>
/// The whole simulated unit over a real SQLite journal on disk, and the steps the journal tests share: a docetaxel
/// session on channel A brought into post-cool, and nurse actions posted and applied in one tick.
/// </summary>
internal static class JournaledRig
{
    public static readonly NewSessionRequest Docetaxel = new() { PatientRef = "P-1", OperatorId = "N-7", Regimen = "docetaxel", InitialFitting = true };

    /// <summary>A rig at -4 C whose host runs over a journal opened in <paramref name="folder"/>.</summary>
    public static SimulatedRig Open(string folder, ILoggerFactory loggers, out SqliteJournal journal)
    {
        var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, loggers);
        journal = SqliteJournal.Open(folder, rig.Clock, loggers.CreateLogger<SqliteJournal>());
        rig.StopHost();
        rig.StartHost(journal);
        return rig;
    }

    /// <summary>Ready, a docetaxel session (20 min post-cool) through pre-cool and the infusion into post-cool.</summary>
    public static void StartPostcool(SimulatedRig rig)
    {
        rig.Run(TimeSpan.FromSeconds(70));
        rig.Unit.SetCap(CapChannel.A, true);
        rig.Run(TimeSpan.FromSeconds(1));
        var open = rig.Engine.PostAsync(() => rig.Engine.OpenSession(CapChannel.A, Docetaxel).Refusal);
        rig.Tick();
        Assert.True(open.Wait(TimeSpan.FromSeconds(10)));
        Assert.Null(open.Result);
        Assert.Null(Act(rig, SessionAction.Precool));
        rig.Run(TimeSpan.FromMinutes(30));
        Assert.Null(Act(rig, SessionAction.InfusionStart));
        rig.Run(TimeSpan.FromMinutes(10));
        Assert.Null(Act(rig, SessionAction.InfusionEnd));
    }

    /// <summary>Posts a nurse action on channel A and ticks once to apply it; the refusal, or null.</summary>
    public static SessionRefusal? Act(SimulatedRig rig, SessionAction action)
    {
        var posted = rig.Engine.PostAsync(() => rig.Engine.Act(CapChannel.A, action, "N-7"));
        rig.Tick();
        Assert.True(posted.Wait(TimeSpan.FromSeconds(10)));
        return posted.Result;
    }
}
