using System.Buffers;
using System.Text.Json;

namespace Paxman.Edge.Simulation.Continuity;

/// <summary>
/// Keeps a <see cref="SimulatedUnitSnapshot"/> in <c>simulated-unit.json</c> in the data folder, so that the
/// simulated unit outlives the host process (simulator/README.md, "Across a restart of the host"). A save is atomic: the JSON goes to a
/// temporary file in the same folder, is flushed to the disk (fsync), and is renamed over the previous file, so a
/// crash at any moment leaves the previous snapshot or the new one, never a torn file. Saves are serialised by a
/// lock; a load while a save runs sees one whole file.
/// </summary>
public sealed class SimulatedUnitStore
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "simulated-unit.json";

    private readonly TimeProvider _realTime;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly string _tempPath;

    /// <param name="dataFolder">The unit's data folder (created at the first save if missing).</param>
    /// <param name="realTime">The machine's clock (not device time), which stamps <see cref="SimulatedUnitSnapshot.SavedAt"/>; the system clock when null.</param>
    public SimulatedUnitStore(string dataFolder, TimeProvider? realTime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        Folder = Path.GetFullPath(dataFolder);
        FilePath = Path.Combine(Folder, FileName);
        _tempPath = FilePath + ".tmp";
        _realTime = realTime ?? TimeProvider.System;
    }

    /// <summary>The data folder, as a full path.</summary>
    public string Folder { get; }

    /// <summary>The snapshot file's full path.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Writes <paramref name="snapshot"/>, stamped with the real time now as <see cref="SimulatedUnitSnapshot.SavedAt"/>,
    /// atomically and durably over the previous one.
    /// </summary>
    /// <returns>The snapshot as written (with its stamp).</returns>
    /// <exception cref="ArgumentException">The snapshot could not be restored (nothing is written).</exception>
    /// <exception cref="IOException">The file could not be written; the previous one is intact.</exception>
    public SimulatedUnitSnapshot Save(SimulatedUnitSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (SimulatedUnit.Validate(snapshot) is { } problem)
        {
            throw new ArgumentException($"Not saved: {problem}.", nameof(snapshot));
        }

        var stamped = snapshot with { SavedAt = _realTime.GetUtcNow() };
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                JsonSerializer.Serialize(writer, stamped, SimulatedUnitJsonContext.Default.SimulatedUnitSnapshot);
            }

            Directory.CreateDirectory(Folder);
            using (var file = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(_buffer.WrittenSpan);
                file.Flush(flushToDisk: true);
            }

            File.Move(_tempPath, FilePath, overwrite: true);
        }

        return stamped;
    }

    /// <summary>The saved snapshot, or null when there is none (a fresh unit).</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a snapshot this build can restore; the message names the file.</exception>
    public SimulatedUnitSnapshot? Load()
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(FilePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        SimulatedUnitSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize(json, SimulatedUnitJsonContext.Default.SimulatedUnitSnapshot);
        }
        catch (JsonException e)
        {
            throw Corrupt($"it is not valid JSON of a saved unit ({e.Message})", e);
        }

        if (snapshot is null)
        {
            throw Corrupt("it holds no unit", inner: null);
        }

        if (SimulatedUnit.Validate(snapshot) is { } problem)
        {
            throw Corrupt(problem, inner: null);
        }

        return snapshot;
    }

    /// <summary>The real time since <paramref name="snapshot"/> was saved; zero if it has no stamp or the clock went back.</summary>
    public TimeSpan RealDowntime(SimulatedUnitSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var since = snapshot.SavedAt is { } saved ? _realTime.GetUtcNow() - saved : TimeSpan.Zero;
        return since > TimeSpan.Zero ? since : TimeSpan.Zero;
    }

    private InvalidDataException Corrupt(string problem, Exception? inner) => new(
        $"The saved simulated unit {FilePath} cannot be restored: {problem}. Move the file away to start a fresh unit at room temperature.",
        inner);
}
