using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>A journal that is damaged at start-up, or that cannot write, raises a high-priority alarm; cooling goes on.</summary>
public sealed class JournalAlarmTests : TestEnvironment
{
    [Fact]
    public void DamagedJournal_AtStartUp_IsKeptAsideAndRaisesJournalDamaged()
    {
        using var data = new TempFolder();
        File.WriteAllBytes(Path.Combine(data.Path, "journal.db"), [.. "SQLite format 3\0"u8, .. new byte[4000]]);
        ExpectError("damaged");
        using var journal = SqliteJournal.Open(data.Path, TimeProvider.System, LoggerFor<SqliteJournal>());
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, journal: journal);
        rig.Run(TimeSpan.FromSeconds(2));

        var alarm = Assert.Single(rig.Engine.Safety.Alarms.Open, a => a.Code == "journal-damaged");
        Assert.Equal(AlarmPriority.High, alarm.Priority);
        Assert.NotNull(journal.Contents.Damaged);
        Assert.True(File.Exists(journal.Contents.Damaged!.KeptAs));
        Assert.False(rig.Engine.Safety.InSafeState);
    }

    [Fact]
    public void JournalThatCannotWrite_RaisesJournalFault_AndTheUnitGoesOnCooling()
    {
        using var data = new TempFolder();
        ExpectError("journal");
        using var journal = SqliteJournal.Open(data.Path, TimeProvider.System, LoggerFor<SqliteJournal>());
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, journal: journal);
        rig.Run(TimeSpan.FromSeconds(12));
        journal.Flush();

        // The file goes (a failed card, a technician's mistake): the next commit, at the next checkpoint, fails.
        File.Delete(Path.Combine(data.Path, "journal.db"));
        rig.Run(TimeSpan.FromSeconds(11));
        Assert.Throws<IOException>(journal.Flush);
        Assert.True(journal.Faulted);
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.Single(rig.Engine.Safety.Alarms.Open, a => a.Code == "journal-fault" && a.Priority == AlarmPriority.High);
        Assert.False(rig.Engine.Safety.InSafeState);
    }
}
