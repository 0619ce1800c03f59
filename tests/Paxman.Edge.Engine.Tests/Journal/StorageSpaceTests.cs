using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Journal;

/// <summary>A full disk detected before it bites: alarms at 80 % and 95 % used, no new session under 50 MB free, a running one never cut short.</summary>
public sealed class StorageSpaceTests : TestEnvironment
{
    private const long GiB = 1024L * 1024 * 1024;
    private const long MiB = 1024L * 1024;

    [Theory]
    [InlineData(0.50, null)]
    [InlineData(0.79, null)]
    [InlineData(0.80, "storage-low")]
    [InlineData(0.94, "storage-low")]
    [InlineData(0.95, "storage-critical")]
    [InlineData(0.99, "storage-critical")]
    public void StorageFilling_RaisesMediumAt80PercentAndHighInsteadAt95(double used, string? expected)
    {
        var gauge = new Gauge { Latest = Used(used) };
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, new EngineOptions { StorageSpace = gauge });

        rig.Run(TimeSpan.FromSeconds(2));

        var storage = rig.Engine.Safety.Alarms.Open.Where(o => o.Code.StartsWith("storage-", StringComparison.Ordinal)).Select(o => o.Code).ToList();
        Assert.Equal(expected is null ? [] : [expected], storage);
        if (expected == "storage-critical")
        {
            Assert.Equal(AlarmPriority.High, rig.Engine.Safety.Alarms.Open.Single(o => o.Code == expected).Priority);
            Assert.False(rig.Engine.Safety.InSafeState);
        }
    }

    [Fact]
    public void StorageLow_ClearsWhenSpaceIsFreed()
    {
        var gauge = new Gauge { Latest = Used(0.85) };
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, new EngineOptions { StorageSpace = gauge });
        rig.Run(TimeSpan.FromSeconds(2));
        Assert.Contains(rig.Engine.Safety.Alarms.Open, o => o.Code == "storage-low");

        gauge.Latest = Used(0.60);
        rig.Run(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(rig.Engine.Safety.Alarms.Open, o => o.Code == "storage-low");
    }

    [Fact]
    public void NewSession_UnderFiftyMegabytesFree_IsRefusedSayingWhy_AndChangesNothing()
    {
        var gauge = new Gauge { Latest = new StorageSpace(8 * GiB, 49 * MiB) };
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, new EngineOptions { StorageSpace = gauge });
        rig.Run(TimeSpan.FromSeconds(70));

        var refusal = Open(rig);

        Assert.NotNull(refusal);
        Assert.True(refusal.IsConflict);
        Assert.Contains("storage is full (49 MB free)", refusal.Detail, StringComparison.Ordinal);
        Assert.Null(rig.Engine.Sessions[CapChannel.A].Session);

        gauge.Latest = new StorageSpace(8 * GiB, 51 * MiB);
        Assert.Null(Open(rig));
    }

    [Fact]
    public void RunningSession_WhenTheDiskFills_GoesOnToItsEnd()
    {
        var gauge = new Gauge { Latest = Used(0.5) };
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { StartCoolantC = -4 }, LoggerFactory, new EngineOptions { StorageSpace = gauge });
        JournaledRig.StartPostcool(rig);

        gauge.Latest = new StorageSpace(8 * GiB, 1 * MiB);
        rig.Run(TimeSpan.FromMinutes(21));

        var session = rig.Engine.Sessions[CapChannel.A].Session!;
        Assert.Equal("completed", session.Outcome);
        Assert.Contains(rig.Engine.Safety.Alarms.Open, o => o.Code == "storage-critical");
    }

    [Fact]
    public void DiskSpaceGauge_ReadsTheFileSystemHoldingTheFolder()
    {
        using var folder = new TempFolder();
        using var gauge = new DiskSpaceGauge(Path.Combine(folder.Path, "not-yet", "journal"), TimeProvider.System);

        var space = Assert.IsType<StorageSpace>(gauge.Latest);
        var drive = new DriveInfo(folder.Path);
        Assert.Equal(drive.TotalSize, space.TotalBytes);
        Assert.InRange(space.FreeBytes, 1, space.TotalBytes);
    }

    private static SessionRefusal? Open(SimulatedRig rig)
    {
        var open = rig.Engine.PostAsync(() => rig.Engine.OpenSession(CapChannel.A, JournaledRig.Docetaxel).Refusal);
        rig.Tick();
        Assert.True(open.Wait(TimeSpan.FromSeconds(10)));
        return open.Result;
    }

    private static StorageSpace Used(double fraction) => new(8 * GiB, (long)(8 * GiB * (1 - fraction)));

    private sealed class Gauge : IStorageSpaceGauge
    {
        public StorageSpace? Latest { get; set; }
    }
}
