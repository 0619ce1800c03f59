using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core;
using Paxman.Edge.Simulation.Continuity;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulation.Tests.Continuity;

/// <summary><c>simulated-unit.json</c> on disk in a temp folder: round trip, atomic replacement, refusal of a bad file, speed.</summary>
public sealed class SimulatedUnitStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _realTime = new(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Save_ThenLoad_GivesBackEveryFieldStampedWithTheRealTime()
    {
        var snapshot = BusyUnit().Capture();
        var store = new SimulatedUnitStore(_folder.Path, _realTime);

        var written = store.Save(snapshot);
        var loaded = store.Load();

        Assert.NotNull(loaded);
        Assert.Equal(_realTime.GetUtcNow(), loaded.SavedAt);
        Assert.Equal(written.SavedAt, loaded.SavedAt);
        Assert.Null(snapshot.SavedAt);
        Assert.Equal(SnapshotJson.Of(snapshot), SnapshotJson.Of(loaded with { SavedAt = null }));
        Assert.Equal(Path.Combine(_folder.Path, "simulated-unit.json"), store.FilePath);
    }

    [Fact]
    public void Save_Twice_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var unit = BusyUnit();
        var store = new SimulatedUnitStore(_folder.Path, _realTime);
        store.Save(unit.Capture());
        unit.Advance(TimeSpan.FromSeconds(10));
        _realTime.Advance(TimeSpan.FromSeconds(10));

        store.Save(unit.Capture());

        Assert.Equal(["simulated-unit.json"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
        Assert.Equal(unit.DeviceTime, store.Load()?.DeviceTime);
    }

    [Fact]
    public void Save_IntoAFolderNotYetThere_CreatesIt()
    {
        var store = new SimulatedUnitStore(Path.Combine(_folder.Path, "data"), _realTime);

        store.Save(BusyUnit().Capture());

        Assert.True(File.Exists(store.FilePath));
    }

    [Fact]
    public void Save_InvalidSnapshot_ThrowsAndKeepsThePreviousFile()
    {
        var store = new SimulatedUnitStore(_folder.Path, _realTime);
        var good = BusyUnit().Capture();
        store.Save(good);
        var before = File.ReadAllBytes(store.FilePath);

        var e = Assert.Throws<ArgumentException>(() => store.Save(good with { Plant = good.Plant with { CoolantLitres = -1 } }));

        Assert.Contains("cannot hold -1 L", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(store.FilePath));
    }

    [Fact]
    public void Load_NoFile_IsAFreshUnit()
    {
        Assert.Null(new SimulatedUnitStore(_folder.Path).Load());
        Assert.Null(new SimulatedUnitStore(Path.Combine(_folder.Path, "missing")).Load());
    }

    public static TheoryData<string, string> Corrupt => new()
    {
        { "empty", string.Empty },
        { "not JSON", "this is not json" },
        { "truncated", "{\"version\":1,\"epoch\":\"2026-01-05T13:00:00+00:00\",\"plant\":{\"ambientC\":22" },
        { "null", "null" },
        { "no sections", "{\"version\":1}" },
        { "newer layout", "{\"version\":99,\"epoch\":\"2026-01-05T13:00:00+00:00\",\"deviceTime\":\"00:00:01\",\"plant\":{},\"mcu\":{},\"board\":{},\"cable\":{}}" },
        { "empty sections", "{\"version\":1,\"epoch\":\"2026-01-05T13:00:00+00:00\",\"deviceTime\":\"00:00:01\",\"plant\":{},\"mcu\":{},\"board\":{},\"cable\":{}}" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Load_CorruptFile_ThrowsNamingTheFileAndLeavesIt(string what, string content)
    {
        var store = new SimulatedUnitStore(_folder.Path, _realTime);
        File.WriteAllText(store.FilePath, content);

        var e = Assert.Throws<InvalidDataException>(store.Load);

        Assert.Contains(store.FilePath, e.Message, StringComparison.Ordinal);
        Assert.Contains("Move the file away", e.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(store.FilePath));
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {e.Message}");
    }

    [Fact]
    public void Load_FileOfANewerLayout_SaysSo()
    {
        var store = new SimulatedUnitStore(_folder.Path, _realTime);
        store.Save(BusyUnit().Capture());
        File.WriteAllText(store.FilePath, File.ReadAllText(store.FilePath).Replace("\"version\":1,", "\"version\":2,", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(store.Load);

        Assert.Contains("newer version (layout 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RealDowntime_SinceTheSave_NeverNegative()
    {
        var store = new SimulatedUnitStore(_folder.Path, _realTime);
        var saved = store.Save(BusyUnit().Capture());

        _realTime.Advance(TimeSpan.FromSeconds(42));
        Assert.Equal(TimeSpan.FromSeconds(42), store.RealDowntime(saved));

        // Saved "in the future": the machine's clock was set back since.
        Assert.Equal(TimeSpan.Zero, store.RealDowntime(saved with { SavedAt = _realTime.GetUtcNow() + TimeSpan.FromHours(1) }));
        Assert.Equal(TimeSpan.Zero, store.RealDowntime(saved with { SavedAt = null }));
    }

    [Fact]
    public void Save_AtEveryCheckpoint_IsQuick()
    {
        var (saves, bytes) = MeasureSaves(_folder.Path);

        // The same on a memory file system, where the flush to disk costs nothing: what serialising and renaming cost.
        if (Directory.Exists("/dev/shm"))
        {
            var memory = Directory.CreateDirectory(Path.Combine("/dev/shm", "paxman-store-" + Guid.NewGuid().ToString("N")));
            try
            {
                MeasureSaves(memory.FullName);
            }
            finally
            {
                memory.Delete(recursive: true);
            }
        }

        Assert.True(Median(saves) < 50_000, $"median save {Median(saves):F0} us");
        Assert.InRange(bytes, 1000, 20_000);
    }

    private static (List<double> Saves, long Bytes) MeasureSaves(string folder)
    {
        var unit = BusyUnit();
        var store = new SimulatedUnitStore(folder);
        var captures = new List<double>();
        var saves = new List<double>();
        for (var i = 0; i < 201; i++)
        {
            unit.Advance(TimeSpan.FromSeconds(10));
            var watch = Stopwatch.StartNew();
            var snapshot = unit.Capture();
            var captured = watch.Elapsed;
            store.Save(snapshot);
            if (i > 0)
            {
                captures.Add(captured.TotalMicroseconds);
                saves.Add((watch.Elapsed - captured).TotalMicroseconds);
            }
        }

        var bytes = new FileInfo(store.FilePath).Length;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{folder}: capture median {Median(captures):F0} us; save (serialise, write, fsync, rename) median {Median(saves):F0} us, p90 {Percentile(saves, 0.9):F0} us; {bytes} bytes");
        return (saves, bytes);
    }

    private static SimulatedUnit BusyUnit()
    {
        var unit = new SimulatedUnit(new SimulatedUnitOptions { Seed = 3 });
        unit.SetCap(CapChannel.A, true);
        unit.Apply(new FaultChange(SimulatedFault.LinkNoise, true, BitErrorRate: 1e-3));
        unit.Apply(new FaultChange(SimulatedFault.FlowBlock, true, CapChannel.B));
        unit.Apply(new FaultChange(SimulatedFault.SensorStuck, true));
        unit.Board.BreakWire(Core.Board.BoardPins.StopButton, true);
        unit.Advance(TimeSpan.FromSeconds(12.3456));
        return unit;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(p * (sorted.Count - 1))];
    }
}
