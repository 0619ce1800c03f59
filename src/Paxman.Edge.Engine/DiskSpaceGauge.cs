using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Engine;

/// <summary>
/// Samples the space of the partition holding the journal (<c>Storage:Path</c>) every 10 s on a thread-pool timer, so
/// the engine's tick only reads the latest value (README, "Space"). A failed read keeps the last good one.
/// </summary>
public sealed class DiskSpaceGauge : IStorageSpaceGauge, IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly DriveInfo _drive;
    private readonly ITimer _timer;
    private StorageSpace? _latest;
    private readonly Lock _gate = new();

    public DiskSpaceGauge(string folder, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(time);

        // statvfs(3) of the folder itself: on Linux DriveInfo reads the file system that holds any path given.
        Directory.CreateDirectory(folder);
        _drive = new DriveInfo(Path.GetFullPath(folder));
        Sample();
        _timer = time.CreateTimer(_ => Sample(), null, Period, Period);
    }

    public StorageSpace? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        try
        {
            var space = new StorageSpace(_drive.TotalSize, _drive.AvailableFreeSpace);
            lock (_gate)
            {
                _latest = space;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Kept: the last good reading; a journal that then cannot write raises journal-fault on its own.
        }
    }
}
