using Paxman.Edge.Engine.Simulated;

namespace Paxman.Edge.Simulation.Tests.Continuity;

/// <summary>A device clock that starts from a saved device time, so stamps never run backwards across a restart.</summary>
public sealed class DeviceClockResumeTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_WithElapsed_StartsThereOnTheSameEpoch()
    {
        var clock = new DeviceClock(Epoch, TimeSpan.FromHours(2));

        Assert.Equal(TimeSpan.FromHours(2), clock.Elapsed);
        Assert.Equal(Epoch + TimeSpan.FromHours(2), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(2).Ticks, clock.GetTimestamp());
        Assert.Equal(Epoch, clock.Epoch);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(Epoch + TimeSpan.FromHours(2) + TimeSpan.FromMilliseconds(100), clock.GetUtcNow());
    }

    [Theory]
    [InlineData(30, 1, 30)]
    [InlineData(30, 600, 18_000)]
    [InlineData(0, 1000, 0)]
    [InlineData(-3600, 60, 0)]
    public void Resume_SavedTimePlusRealDowntimeTimesScale_NeverBackwards(int downtimeSeconds, double scale, int expectedAddedSeconds)
    {
        var saved = TimeSpan.FromMinutes(90);
        var before = new DeviceClock(Epoch, saved);

        var clock = DeviceClock.Resume(Epoch, saved, TimeSpan.FromSeconds(downtimeSeconds), scale);

        Assert.Equal(saved + TimeSpan.FromSeconds(expectedAddedSeconds), clock.Elapsed);
        Assert.True(clock.GetUtcNow() >= before.GetUtcNow());
        Assert.True(clock.GetTimestamp() >= before.GetTimestamp());
    }

    [Fact]
    public void Constructor_NegativeElapsed_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceClock(Epoch, TimeSpan.FromTicks(-1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Resume_ScaleNotAPositiveNumber_Throws(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceClock.Resume(Epoch, TimeSpan.Zero, TimeSpan.FromSeconds(1), scale));
    }
}
