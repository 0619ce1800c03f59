namespace Paxman.Edge.Engine.Tests;

/// <summary>The board's clock synchronisation: the kernel's NTP state, and never a clock earlier than the release's build day.</summary>
public sealed class KernelClockSyncTests
{
    private static readonly DateTimeOffset BuildDay = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)] // TIME_OK
    [InlineData(1, true)] // TIME_INS: a leap second is due; the clock is synchronised
    [InlineData(4, true)] // TIME_WAIT
    [InlineData(5, false)] // TIME_ERROR: STA_UNSYNC, no time source
    [InlineData(-1, false)] // the call failed
    public void IsSynchronised_FollowsTheKernelsClockState(int state, bool synchronised) =>
        Assert.Equal(synchronised, new KernelClockSync(BuildDay, () => state).IsSynchronised(BuildDay.AddDays(3)));

    [Fact]
    public void IsSynchronised_ClockEarlierThanTheBuildDay_IsNotWhateverTheKernelSays() =>
        Assert.False(new KernelClockSync(BuildDay, () => 0).IsSynchronised(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void ReleaseBuildDay_IsStampedIntoTheAssembly()
    {
        var day = KernelClockSync.ReleaseBuildDay();

        Assert.NotEqual(DateTimeOffset.MinValue, day);
        Assert.True(day <= DateTimeOffset.UtcNow, $"build day {day:O} is in the future");
    }

    [Fact]
    public void IsSynchronised_ThisMachinesKernel_AnswersWithoutFailing()
    {
        // The real adjtimex(2): whatever this machine's NTP state, the call must go through (a -1 would read as unsynchronised forever).
        var sync = new KernelClockSync(DateTimeOffset.MinValue);
        var state = KernelClockSync.KernelState();

        Assert.InRange(state, 0, 5);
        Assert.Equal(state != 5, sync.IsSynchronised(DateTimeOffset.UtcNow));
    }
}
