using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Engine.Tests.Journal;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// A host restart (issue 11, gap 2) over a real SQLite journal and the whole simulated unit: open high-priority alarms
/// come back from the journal with the safe state they demand, and it ends only by a person's acknowledgement after the
/// condition (evaluated live again) has ended; a restart during treatment cools no channel before its nurse's resume;
/// a short restart raises no false compressor-not-following.
/// </summary>
public sealed class HostRestartTests : TestEnvironment
{
    [Fact]
    public void Restart_WithAnOpenProbeDisagreeTrip_RestoresItUnderItsIdAndHoldsTheSafeStateUntilAPersonResetsIt()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        rig.Run(TimeSpan.FromSeconds(70));
        Trip(rig);
        var alarmId = Open(rig, "probe-disagree")!.AlarmId;

        // The fault goes away; nobody acknowledges; the host dies and comes back.
        rig.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, false));
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.True(rig.Engine.Safety.InSafeState);
        using var reopened = Restart(rig, data.Path, ref journal, TimeSpan.FromSeconds(30));
        rig.Run(TimeSpan.FromSeconds(60));

        var restored = Open(rig, "probe-disagree");
        Assert.NotNull(restored);
        Assert.Equal(alarmId, restored.AlarmId);
        Assert.True(restored.Restored);
        Assert.True(restored.ConditionEnded);
        Assert.True(rig.Engine.Safety.InSafeState);
        Assert.False(rig.Engine.Output.CoolingEnable);
        Assert.False(rig.Unit.Plant.PumpRunning);

        Acknowledge(rig, alarmId);
        Assert.Null(Open(rig, "probe-disagree"));
        rig.Run(TimeSpan.FromSeconds(1));
        Assert.False(rig.Engine.Safety.InSafeState);
        Assert.True(rig.Engine.Output.CoolingEnable);
    }

    [Fact]
    public void Restart_WithTheTripsConditionStillPresent_AnAcknowledgementOnlyAcknowledgesAndTheResetWaitsForTheConditionToEnd()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        rig.Run(TimeSpan.FromSeconds(70));
        Trip(rig);
        var alarmId = Open(rig, "probe-disagree")!.AlarmId;
        using var reopened = Restart(rig, data.Path, ref journal, TimeSpan.FromSeconds(30));

        // Acknowledged at once after start-up, before the rule (10 s) could see the fault again: only acknowledged.
        rig.Run(TimeSpan.FromSeconds(1));
        Acknowledge(rig, alarmId);
        var restored = Open(rig, "probe-disagree");
        Assert.NotNull(restored);
        Assert.Equal(AlarmOccurrenceState.Acknowledged, restored.State);
        Assert.False(restored.ConditionEnded);
        rig.Run(TimeSpan.FromSeconds(20));
        Assert.Same(restored, Open(rig, "probe-disagree"));
        Assert.False(restored.ConditionEnded);
        Assert.True(rig.Engine.Safety.InSafeState);

        rig.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, false));
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.True(restored.ConditionEnded);
        Assert.True(rig.Engine.Safety.InSafeState);
        Acknowledge(rig, alarmId);
        rig.Run(TimeSpan.FromSeconds(1));
        Assert.Null(Open(rig, "probe-disagree"));
        Assert.False(rig.Engine.Safety.InSafeState);
    }

    [Fact]
    public void Restart_InTreatmentOnBothChannels_RaisesUnitRestartedAndNoChannelCoolsBeforeItsOwnResume()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        rig.Run(TimeSpan.FromSeconds(70));
        foreach (var channel in CapChannels.All)
        {
            rig.Unit.SetCap(channel, true);
            rig.Run(TimeSpan.FromSeconds(1));
            Assert.Null(Post(rig, () => rig.Engine.OpenSession(channel, JournaledRig.Docetaxel with { PatientRef = "P-" + channel.Name() }).Refusal));
            Assert.Null(Post(rig, () => rig.Engine.Act(channel, SessionAction.Precool, "N-7")));
        }

        rig.Run(TimeSpan.FromMinutes(2));
        Assert.True(rig.Engine.Output.ValveA && rig.Engine.Output.ValveB);
        using var reopened = Restart(rig, data.Path, ref journal, TimeSpan.FromSeconds(30));
        rig.Run(TimeSpan.FromMinutes(4));

        var restarted = Open(rig, "unit-restarted");
        Assert.NotNull(restarted);
        Assert.Equal(AlarmPriority.High, restarted.Priority);
        Assert.False(rig.Engine.Output.ValveA);
        Assert.False(rig.Engine.Output.ValveB);

        Assert.Null(Post(rig, () => rig.Engine.Act(CapChannel.A, SessionAction.Resume, "N-7")));
        rig.Run(TimeSpan.FromSeconds(5));
        Assert.True(rig.Engine.Output.ValveA);
        Assert.False(rig.Engine.Output.ValveB);
        Assert.Equal("power-loss", rig.Engine.Sessions[CapChannel.B].Session!.AwaitingResume);
    }

    [Fact]
    public void Restart_OfThirtySecondsWhileTheCompressorRuns_RaisesNoCompressorNotFollowing()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        JournaledRig.StartPostcool(rig);
        Assert.True(rig.Engine.Output.CompressorPct > 0);

        using var reopened = Restart(rig, data.Path, ref journal, TimeSpan.FromSeconds(30));
        rig.Run(TimeSpan.FromSeconds(10));
        Assert.Null(JournaledRig.Act(rig, SessionAction.Resume));
        var raised = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            rig.Tick();
            raised.AddRange(rig.Engine.Produced.AlarmChanges.Where(c => c.State == AlarmOccurrenceState.Raised).Select(c => c.Occurrence.Code));
        }

        Assert.DoesNotContain("compressor-not-following", raised);
        Assert.True(rig.Unit.Plant.CompressorPct > 0, "the compressor runs again once its minimum off time is over");
        Assert.True(rig.Engine.Output.ValveA);
    }

    [Fact]
    public void Restart_OnAnMcuHoldingALatchOtherThanHostSilent_HoldsTheSafeStateUntilAPersonResetsIt()
    {
        using var data = new TempFolder();
        using var fresh = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        rig.Run(TimeSpan.FromSeconds(70));

        // The MCU trips on its own level switch and latches; refilled, its cause is gone but the latch stays.
        rig.Unit.Plant.CoolantLitres = 0.5;
        rig.Run(TimeSpan.FromSeconds(3));
        rig.Unit.Plant.CoolantLitres = rig.Unit.Plant.Constants.CoolantFullLitres;
        rig.Run(TimeSpan.FromSeconds(3));

        // A host with no history at all (a new journal): only the HELLO_ACK and STATUS tell it of the latch.
        journal.Flush();
        rig.StopHost();
        journal.Dispose();
        rig.Run(TimeSpan.FromSeconds(30));
        using var empty = SqliteJournal.Open(fresh.Path, rig.Clock, LoggerFor<SqliteJournal>());
        rig.StartHost(empty);
        rig.Run(TimeSpan.FromSeconds(60));
        Assert.True(rig.Engine.Safety.InSafeState);
        Assert.Contains(rig.Engine.Safety.Alarms.Open, o => o.Priority == AlarmPriority.High && o.ConditionEnded);
        Assert.False(rig.Unit.Plant.PumpRunning);

        foreach (var occurrence in rig.Engine.Safety.Alarms.Open.ToList())
        {
            Acknowledge(rig, occurrence.AlarmId);
        }

        rig.Run(TimeSpan.FromSeconds(3));
        Assert.False(rig.Engine.Safety.InSafeState);
        Assert.True(rig.Unit.Plant.PumpRunning);
    }

    // probe-disagree, a trip only the host sees (the MCU latches nothing): the safety probe reads 5 C off for 10 s.
    private static void Trip(SimulatedRig rig)
    {
        rig.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true));
        rig.Run(TimeSpan.FromSeconds(12));
        Assert.NotNull(Open(rig, "probe-disagree"));
        Assert.True(rig.Engine.Safety.InSafeState);
    }

    private SqliteJournal Restart(SimulatedRig rig, string folder, ref SqliteJournal journal, TimeSpan down)
    {
        journal.Flush();
        rig.StopHost();
        journal.Dispose();
        rig.Run(down);
        journal = SqliteJournal.Open(folder, rig.Clock, LoggerFor<SqliteJournal>());
        rig.StartHost(journal);
        return journal;
    }

    private static AlarmOccurrence? Open(SimulatedRig rig, string code) => rig.Engine.Safety.Alarms.Open.FirstOrDefault(o => o.Code == code);

    private static void Acknowledge(SimulatedRig rig, string alarmId) => Post(rig, () => rig.Engine.Acknowledge(alarmId));

    private static T Post<T>(SimulatedRig rig, Func<T> action)
    {
        var posted = rig.Engine.PostAsync(action);
        rig.Tick();
        Assert.True(posted.Wait(TimeSpan.FromSeconds(10)));
        return posted.Result;
    }
}
