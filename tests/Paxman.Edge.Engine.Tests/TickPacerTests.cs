using Paxman.Edge.Engine;

namespace Paxman.Edge.Engine.Tests;

public sealed class TickPacerTests
{
    // Timestamps in milliseconds keep the arithmetic readable.
    private const long Frequency = 1000;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void TickFinished_OnTime_WaitsForTheNextDeadline()
    {
        var pacer = new TickPacer(Period, start: 0, Frequency);

        pacer.TickStarted(0);
        var wait = pacer.TickFinished(3);

        Assert.Equal(97, wait);
        Assert.Equal(0, pacer.LateTicks);
    }

    [Fact]
    public void TickStarted_MoreThanHalfAPeriodLate_CountsOneLateTick()
    {
        var pacer = new TickPacer(Period, start: 0, Frequency);
        pacer.TickStarted(0);
        pacer.TickFinished(1);

        pacer.TickStarted(149);
        Assert.Equal(0, pacer.LateTicks);
        pacer.TickFinished(150);

        pacer.TickStarted(251);
        Assert.Equal(1, pacer.LateTicks);
    }

    [Fact]
    public void TickFinished_BehindByThreePeriods_SkipsMissedDeadlinesInsteadOfBunching()
    {
        var pacer = new TickPacer(Period, start: 0, Frequency);
        pacer.TickStarted(0);

        // A stall: the first tick ends 350 ms later.
        var wait = pacer.TickFinished(350);

        // The deadlines at 100, 200 and 300 ms are skipped; the next tick is on the grid at 400 ms (no catch-up burst).
        Assert.Equal(50, wait);
        Assert.Equal(3, pacer.SkippedTicks);
        Assert.Equal(3, pacer.LateTicks);
    }

    [Fact]
    public void TickFinished_NeverReturnsANegativeWait()
    {
        var pacer = new TickPacer(Period, start: 0, Frequency);
        pacer.TickStarted(0);

        Assert.Equal(0, pacer.TickFinished(100));
    }
}
