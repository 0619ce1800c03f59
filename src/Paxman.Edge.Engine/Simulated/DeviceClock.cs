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
    private long _wallStepTicks;

    /// <param name="epoch">The wall-clock time at device time zero.</param>
    public DeviceClock(DateTimeOffset epoch)
        : this(epoch, TimeSpan.Zero)
    {
    }

    /// <summary>
    /// A clock that starts <paramref name="elapsed"/> after <paramref name="epoch"/>: a restarted host carrying on
    /// with its saved device time, so that stamps never run backwards across the restart (see <see cref="Resume"/>).
    /// </summary>
    /// <param name="epoch">The wall-clock time at device time zero, as the clock before the restart had it.</param>
    /// <param name="elapsed">Device time already elapsed at the start; zero or more.</param>
    public DeviceClock(DateTimeOffset epoch, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        _epoch = epoch;
        _ticks = elapsed.Ticks;
    }

    /// <summary>The wall-clock time at device time zero.</summary>
    public DateTimeOffset Epoch => _epoch;

    /// <summary>
    /// The clock of a host restarted after <paramref name="realDowntime"/> of real time: the same epoch, and device
    /// time at the saved one plus the downtime times <paramref name="timeScale"/> (device seconds per real second).
    /// A negative downtime (the machine's clock went back) counts as none, so stamps never run backwards.
    /// </summary>
    public static DeviceClock Resume(DateTimeOffset epoch, TimeSpan savedElapsed, TimeSpan realDowntime, double timeScale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(savedElapsed, TimeSpan.Zero);
        if (!(timeScale > 0) || double.IsInfinity(timeScale))
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "the time scale is a positive number of device seconds per real second");
        }

        var downtime = realDowntime > TimeSpan.Zero ? realDowntime * timeScale : TimeSpan.Zero;
        return new DeviceClock(epoch, savedElapsed + downtime);
    }

    /// <summary>Device time since the epoch.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _ticks));

    /// <summary>Timestamps are in <see cref="TimeSpan"/> ticks.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed + TimeSpan.FromTicks(Volatile.Read(ref _wallStepTicks));

    /// <summary>
    /// The wall clock jumps by <paramref name="delta"/> (may be negative), as NTP may step it; device time, which every
    /// duration is measured on, does not move.
    /// </summary>
    public void StepWallClock(TimeSpan delta) => Interlocked.Add(ref _wallStepTicks, delta.Ticks);

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
