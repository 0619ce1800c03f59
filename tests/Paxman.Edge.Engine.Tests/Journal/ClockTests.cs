using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>Time the unit can vouch for: wall-clock steps journaled with their size, and records that say whether the clock was synchronised.</summary>
public sealed class ClockTests : TestEnvironment
{
    [Fact]
    public void ClockStep_OfFortyMinutes_IsJournaledWithItsSize_AndInTheSessionsAuditTrail()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        JournaledRig.StartPostcool(rig);
        rig.Run(TimeSpan.FromMinutes(5));

        rig.Clock.StepWallClock(TimeSpan.FromSeconds(2400));
        rig.Run(TimeSpan.FromSeconds(1));
        journal.Flush();

        var sessionId = rig.Engine.Sessions[CapChannel.A].Session!.SessionId;
        var step = Assert.Single(journal.SessionTrail(sessionId), r => r.Kind == "clock-step");
        Assert.Equal("+2400.0", step.Detail);
        Assert.Equal(("clock-step", "+2400.0"), Assert.Single(UnitEvents(journal)));
    }

    [Fact]
    public void ClockStep_OfTwoSecondsOrLess_IsNotAStep()
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        JournaledRig.StartPostcool(rig);

        rig.Clock.StepWallClock(TimeSpan.FromSeconds(-2));
        rig.Run(TimeSpan.FromSeconds(1));
        rig.Clock.StepWallClock(TimeSpan.FromSeconds(2.1));
        rig.Run(TimeSpan.FromSeconds(1));
        journal.Flush();

        Assert.Equal([("clock-step", "+2.1")], UnitEvents(journal));
    }

    [Fact]
    public void ClockUnsynced_ForAMinuteOfASession_RecordSaysClockSyncedFalse_AndTheTrailSaysWhen()
    {
        var steady = Run(unsyncedFor: TimeSpan.Zero, out _);
        var unsynced = Run(unsyncedFor: TimeSpan.FromMinutes(1), out var trail);

        Assert.True(steady.ClockSynced);
        Assert.False(unsynced.ClockSynced);
        Assert.Single(trail, r => r.Kind == "clock-unsynced");
        // Seconds are measured on the monotonic clock: they do not change.
        Assert.Equal(steady.BillableSeconds, unsynced.BillableSeconds);
        Assert.Contains("\"clockSynced\":false", RecordJson.ToText(unsynced), StringComparison.Ordinal);
    }

    [Fact]
    public void ClockUnsynced_ForMoreThanAnHourOfDeviceTime_RaisesTheLowAlarm_WhichClearsWhenSyncReturns()
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory);
        rig.Run(TimeSpan.FromSeconds(5));
        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, true));

        rig.Run(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(58));
        Assert.DoesNotContain(rig.Engine.Safety.Alarms.Open, o => o.Code == "clock-unsynced");
        rig.Run(TimeSpan.FromSeconds(3));
        var alarm = Assert.Single(rig.Engine.Safety.Alarms.Open, o => o.Code == "clock-unsynced");
        Assert.Equal(AlarmPriority.Low, alarm.Priority);
        Assert.False(rig.Engine.Safety.InSafeState);

        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, false));
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(rig.Engine.Safety.Alarms.Open, o => o.Code == "clock-unsynced");
    }

    [Fact]
    public void ClockUnsynced_FortyMinutesBeforeAHostRestartAndTwentyOneAfter_RaisesTheAlarm_AndIsJournaledOnce()
    {
        using var data = new TempFolder();
        var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        using var _ = rig;
        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, true));
        rig.Run(TimeSpan.FromMinutes(40));

        using var reopened = Restart(rig, journal, data.Path);
        rig.Run(TimeSpan.FromMinutes(21));

        Assert.Single(rig.Engine.Safety.Alarms.Open, o => o.Code == "clock-unsynced");
        reopened.Flush();
        Assert.Equal([("clock-unsynced", "")], UnitEvents(reopened));
    }

    [Fact]
    public void ClockUnsynced_ThenSynchronisedBeforeAHostRestart_CountsAfreshAfterIt()
    {
        using var data = new TempFolder();
        var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        using var _ = rig;
        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, true));
        rig.Run(TimeSpan.FromMinutes(40));
        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, false));
        rig.Run(TimeSpan.FromSeconds(5));

        using var reopened = Restart(rig, journal, data.Path);
        rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, true));
        rig.Run(TimeSpan.FromMinutes(21));

        Assert.DoesNotContain(rig.Engine.Safety.Alarms.Open, o => o.Code == "clock-unsynced");
        reopened.Flush();
        Assert.Equal([("clock-unsynced", ""), ("clock-synced", ""), ("clock-unsynced", "")], UnitEvents(reopened));
    }

    // The host stops for 10 s and starts again over the same journal file, reopened.
    private SqliteJournal Restart(SimulatedRig rig, SqliteJournal journal, string folder)
    {
        journal.Flush();
        rig.StopHost();
        journal.Dispose();
        rig.Run(TimeSpan.FromSeconds(10));
        var reopened = SqliteJournal.Open(folder, rig.Clock, LoggerFactory.CreateLogger<SqliteJournal>());
        rig.StartHost(reopened);
        return reopened;
    }

    private SessionRecord Run(TimeSpan unsyncedFor, out IReadOnlyList<SessionRow> trail)
    {
        using var data = new TempFolder();
        using var rig = JournaledRig.Open(data.Path, LoggerFactory, out var journal);
        JournaledRig.StartPostcool(rig);
        if (unsyncedFor > TimeSpan.Zero)
        {
            rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, true));
            rig.Run(unsyncedFor);
            rig.Unit.Apply(new FaultChange(SimulatedFault.ClockUnsynced, false));
        }

        rig.Run(TimeSpan.FromMinutes(21) - unsyncedFor);
        journal.Flush();
        var stored = Assert.Single(journal.ListRecords(null, 10));
        trail = journal.SessionTrail(stored.SessionId);
        return RecordJson.Parse(stored.Json);
    }

    private static List<(string Kind, string Detail)> UnitEvents(SqliteJournal journal)
    {
        using var connection = new SqliteConnection($"Data Source={journal.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, detail FROM unit_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        var events = new List<(string, string)>();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), reader.GetString(1)));
        }

        return events;
    }
}
