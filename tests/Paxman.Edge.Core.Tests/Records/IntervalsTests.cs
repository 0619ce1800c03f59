using System.Globalization;
using CsCheck;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Records;

public sealed class IntervalsTests
{
    // Intervals in seconds as "start-end" (an empty end: still running), the phase [start, end) (-1: running), now.
    [Theory]
    [InlineData("", 100, 200, 250, 0)]
    [InlineData("110-120,130-150", 100, 200, 250, 30)] // disjoint
    [InlineData("110-130,120-140", 100, 200, 250, 30)] // overlapping: the overlap counts once
    [InlineData("110-190,120-130", 100, 200, 250, 80)] // nested
    [InlineData("110-120,120-130", 100, 200, 250, 20)] // touching
    [InlineData("110-120,110-120", 100, 200, 250, 10)] // the same interruption twice
    [InlineData("160-170,110-120,115-165", 100, 200, 250, 60)] // unsorted, bridged by the third
    [InlineData("100-110,105-115,112-120", 100, 200, 250, 20)] // a chain of overlaps
    [InlineData("90-110", 100, 200, 250, 10)] // straddling the phase's start
    [InlineData("190-210", 100, 200, 250, 10)] // straddling the phase's end
    [InlineData("50-300", 100, 200, 250, 100)] // covering the whole phase
    [InlineData("10-50,90-100", 100, 200, 250, 0)] // before the phase, the second ending as it starts
    [InlineData("200-220", 100, 200, 250, 0)] // starting as the phase ends: the end is exclusive
    [InlineData("150-150", 100, 200, 250, 0)] // zero-length
    [InlineData("150-150,150-160", 100, 200, 250, 10)] // zero-length inside another
    [InlineData("150-", 100, -1, 170, 20)] // open-ended, phase running: up to now
    [InlineData("150-", 100, 200, 250, 50)] // open-ended, phase ended: up to the phase's end
    [InlineData("50-", 100, 200, 250, 100)] // open-ended from before the phase
    [InlineData("120-,130-140", 100, -1, 150, 30)] // open-ended covering a closed one
    [InlineData("170-", 100, -1, 170, 0)] // open-ended, started just now
    [InlineData("110-120", 150, 150, 250, 0)] // a zero-length phase
    public void CoveredWithin_Table_CountsTheUnionClippedToThePhase(string intervals, int phaseStart, int phaseEnd, int now, int expectedSeconds)
    {
        var covered = Intervals.CoveredWithin(
            Parse(intervals),
            Seconds(phaseStart),
            phaseEnd < 0 ? null : Seconds(phaseEnd),
            Seconds(now));

        Assert.Equal(Seconds(expectedSeconds), covered);
    }

    [Fact]
    public void CoveredWithin_InterruptionSpanningSeveralPhases_IsSplitBetweenThemWithNothingLostOrCountedTwice()
    {
        TimelineInterval[] interruptions = [new(Seconds(50), Seconds(250)), new(Seconds(240), Seconds(260))];

        var perPhase = new[] { (0, 100), (100, 200), (200, 300) }
            .Select(p => Intervals.CoveredWithin(interruptions, Seconds(p.Item1), Seconds(p.Item2), Seconds(400)))
            .ToArray();

        Assert.Equal([Seconds(50), Seconds(100), Seconds(60)], perPhase);
        Assert.Equal(Seconds(210), perPhase.Aggregate(TimeSpan.Zero, (a, b) => a + b));
    }

    [Fact]
    public void CoveredWithin_SubSecondIntervals_AreExactToTheTick()
    {
        TimelineInterval[] interruptions = [new(TimeSpan.FromTicks(1_000_001), TimeSpan.FromTicks(3_500_000)), new(TimeSpan.FromTicks(3_000_000), TimeSpan.FromTicks(3_999_999))];

        Assert.Equal(TimeSpan.FromTicks(2_999_998), Intervals.CoveredWithin(interruptions, TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void CoveredWithin_ManyIntervals_CountsTheUnion()
    {
        // More than fit on the stack: one-second interruptions every other second, and one covering the lot.
        var interruptions = Enumerable.Range(0, 100).Select(i => new TimelineInterval(Seconds(2 * i), Seconds((2 * i) + 1))).ToList();
        Assert.Equal(Seconds(100), Intervals.CoveredWithin(interruptions, TimeSpan.Zero, Seconds(1000), Seconds(1000)));

        interruptions.Add(new TimelineInterval(Seconds(0), null));
        Assert.Equal(Seconds(500), Intervals.CoveredWithin(interruptions, TimeSpan.Zero, null, Seconds(500)));
    }

    [Fact]
    public void CoveredWithin_AnyIntervals_EqualsCountingSecondBySecond() =>
        Gen.Select(
                Gen.Select(Gen.Int[0, 60], Gen.Int[0, 20], Gen.Bool).Array[0, 8],
                Gen.Int[0, 60],
                Gen.Int[0, 60],
                Gen.Int[0, 20])
            .Sample((raw, a, length, pastEnd) =>
            {
                var phaseStart = a;
                var phaseEnd = a + length;
                var now = 60 + pastEnd; // no interval starts after 60
                var intervals = raw.Select(r => new TimelineInterval(Seconds(r.Item1), r.Item3 ? null : Seconds(r.Item1 + r.Item2))).ToArray();

                var expected = Enumerable.Range(phaseStart, length).Count(t =>
                    intervals.Any(i => i.Start <= Seconds(t) && Seconds(t) < (i.End ?? Seconds(now))));

                Assert.Equal(Seconds(expected), Intervals.CoveredWithin(intervals, Seconds(phaseStart), Seconds(phaseEnd), Seconds(now)));
            }, iter: 2_000);

    [Fact]
    public void CoveredWithin_IntervalEndingBeforeItStarts_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Intervals.CoveredWithin([new TimelineInterval(Seconds(20), Seconds(10))], TimeSpan.Zero, Seconds(100), Seconds(100)));

    [Fact]
    public void CoveredWithin_PhaseEndingBeforeItStarts_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Intervals.CoveredWithin([], Seconds(100), Seconds(50), Seconds(200)));

    [Fact]
    public void CoveredWithin_RunningIntervalStartingAfterNow_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Intervals.CoveredWithin([new TimelineInterval(Seconds(120), null)], TimeSpan.Zero, Seconds(200), Seconds(110)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(9_999_999, 0)]
    [InlineData(10_000_000, 1)]
    [InlineData(19_999_999, 1)]
    [InlineData(36_000_000_000, 3600)]
    [InlineData(-1, -1)]
    [InlineData(-10_000_000, -1)]
    [InlineData(-10_000_001, -2)]
    public void FloorSeconds_Ticks_RoundsDown(long ticks, long expected) =>
        Assert.Equal(expected, Intervals.FloorSeconds(TimeSpan.FromTicks(ticks)));

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    private static TimelineInterval[] Parse(string spec) =>
        [.. spec.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var ends = part.Split('-');
            return new TimelineInterval(Seconds(int.Parse(ends[0], CultureInfo.InvariantCulture)), ends[1].Length == 0 ? null : Seconds(int.Parse(ends[1], CultureInfo.InvariantCulture)));
        })];
}
