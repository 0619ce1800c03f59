namespace Paxman.Edge.Core.Alarms;

/// <summary>
/// Debounces a raw rule in device time: true once the raw rule has held for a given time without a break, false
/// as soon as it breaks. Remembers when the current run began.
/// </summary>
public struct Persistence
{
    private TimeSpan? _since;

    /// <summary>When the current unbroken run of the raw rule began, or null.</summary>
    public readonly TimeSpan? Since => _since;

    /// <summary>Feeds one sample at <paramref name="now"/>; returns true once <paramref name="raw"/> has held for <paramref name="needed"/>.</summary>
    public bool Update(bool raw, TimeSpan now, TimeSpan needed)
    {
        if (!raw)
        {
            _since = null;
            return false;
        }

        _since ??= now;
        return now - _since.Value >= needed;
    }

    public void Reset() => _since = null;
}
