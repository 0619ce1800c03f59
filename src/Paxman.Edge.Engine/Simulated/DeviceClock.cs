namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// Device time in Simulated mode: a monotonic clock that moves only when the lock-step driver advances it,
/// one engine tick at a time, so every timeout of the unit (link health, dead-man, alarms) is measured in
/// device time and a GC pause or a slow machine can never trip one. Wall-clock stamps are <c>epoch</c> plus
/// the device time elapsed. Written by the engine's thread; read from any thread.
/// </summary>
public sealed class DeviceClock : TimeProvider
{
    private readonly DateTimeOffset _epoch;
    private long _ticks;

    /// <param name="epoch">The wall-clock time at device time zero.</param>
    public DeviceClock(DateTimeOffset epoch)
    {
        _epoch = epoch;
    }

    /// <summary>Device time since the epoch.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _ticks));

    /// <summary>Timestamps are in <see cref="TimeSpan"/> ticks.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed;

    /// <summary>Moves device time forward; never backwards.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, delta.Ticks);
    }

    /// <summary>Timers in device time would fire at the driver's whim; nothing in the unit uses them.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("Device time has no timers: the engine's tick is the only thing that runs in device time.");
}
