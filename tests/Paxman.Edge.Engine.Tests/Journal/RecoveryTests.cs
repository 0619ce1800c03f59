using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>
/// The engine over a real SQLite journal on disk and the whole simulated unit: nurse actions are acknowledged only once
/// durable, a host restart brings an open session back interrupted by power-loss from its last journaled row, and
/// a wall-clock step never changes a billed second.
/// </summary>
public sealed class RecoveryTests : TestEnvironment
{
    private static readonly NewSessionRequest Docetaxel = JournaledRig.Docetaxel;

    [Fact]
    public void Restart_InPostcool_SessionComesBackInterruptedByPowerLossFromTheLastRowAndCompletesAfterResume()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        rig.Run(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3));

        // The host dies 3 s after the last checkpoint: those 3 s are not vouched for.
        journal.Flush();
        rig.StopHost();
        journal.Dispose();
        rig.Run(TimeSpan.FromSeconds(30));

        using var reopened = SqliteJournal.Open(data.Path, rig.Clock, LoggerFor<SqliteJournal>());
        var lastRow = Assert.Single(reopened.Contents.OpenSessions).Timeline;
        rig.StartHost(reopened);
        rig.Run(TimeSpan.FromSeconds(5));
        var session = rig.Engine.Sessions[CapChannel.A].Session!;
        Assert.Equal(SessionPhase.Postcool, session.Phase);
        Assert.Equal("power-loss", session.AwaitingResume);
        var powerLoss = Assert.Single(session.Interruptions, i => i.Name == "power-loss");
        Assert.Equal(lastRow, powerLoss.Start);
        Assert.Contains(rig.Engine.Safety.Alarms.Open, a => a.Code == "unit-restarted");
        Assert.False(rig.Engine.Output.ValveA);

        Assert.Null(Act(rig, SessionAction.Resume));
        Assert.DoesNotContain(rig.Engine.Safety.Alarms.Open, a => a.Code == "unit-restarted" && a.State == Core.Alarms.AlarmOccurrenceState.Raised);
        rig.Run(TimeSpan.FromMinutes(25));

        reopened.Flush();
        var stored = Assert.Single(reopened.ListRecords(null, 10));
        var record = RecordJson.Parse(stored.Json);
        Assert.Equal("completed", record.Outcome);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
        Assert.Contains(record.Interruptions, i => i.Cause == "power-loss" && i.Seconds >= 33);
        Assert.Contains("unit-restarted", record.Alarms);
        Assert.Equal(record.Hash, RecordChain.ComputeHash(stored.Json));
    }

    [Fact]
    public async Task NurseAction_IsAcknowledgedOnlyOnceItsRowIsDurable_ButTheValveClosesInTheTickThatAppliesIt()
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        Assert.True(rig.Engine.Output.ValveA);

        var abort = rig.Engine.PostAsync(() => rig.Engine.Act(CapChannel.A, SessionAction.Abort, "N-7", AbortReasons.PatientUnwell));
        rig.Tick();
        Assert.False(rig.Engine.Output.ValveA);
        Assert.Null(await abort.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        // Durable when acknowledged: the journal's readers (connections of their own) see the abort and the record.
        Assert.Contains(journal.SessionTrail(rig.Engine.Sessions[CapChannel.A].Session!.SessionId), r => r.Kind == "abort" && r.OperatorId == "N-7");
        Assert.Equal("aborted", RecordJson.Parse(Assert.Single(journal.ListRecords(null, 10)).Json).Outcome);
    }

    [Fact]
    public void ClockStep_DuringASession_MovesStampsButNoBilledSecond()
    {
        var steady = RunDocetaxel(stepSeconds: 0);
        var stepped = RunDocetaxel(stepSeconds: -3600);

        Assert.Equal(steady.BillableSeconds, stepped.BillableSeconds);
        Assert.Equal(steady.Phases.Select(p => p.Seconds), stepped.Phases.Select(p => p.Seconds));
        Assert.Equal(steady.Billing, stepped.Billing);
        Assert.Equal(steady.EndedAt!.Value - TimeSpan.FromHours(1), stepped.EndedAt);
    }

    private SessionRecord RunDocetaxel(int stepSeconds)
    {
        using var data = new TempFolder();
        using var rig = Rig(data.Path, out var journal);
        StartPostcool(rig);
        rig.Run(TimeSpan.FromMinutes(5));
        rig.Clock.StepWallClock(TimeSpan.FromSeconds(stepSeconds));
        rig.Run(TimeSpan.FromMinutes(16));
        journal.Flush();
        return RecordJson.Parse(Assert.Single(journal.ListRecords(null, 10)).Json);
    }

    private SimulatedRig Rig(string folder, out SqliteJournal journal) => JournaledRig.Open(folder, LoggerFactory, out journal);

    private static void StartPostcool(SimulatedRig rig) => JournaledRig.StartPostcool(rig);

    private static SessionRefusal? Act(SimulatedRig rig, SessionAction action) => JournaledRig.Act(rig, action);
}
