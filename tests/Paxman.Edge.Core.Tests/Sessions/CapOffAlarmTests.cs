using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// A cap unplugged during treatment for longer than <c>Sessions:CapOffAlarmMinutes</c> raises the medium-priority
/// <c>cap-off-long</c> alarm for its channel (README, "Sessions"); a shorter unplug (a bathroom break) raises nothing.
/// </summary>
public sealed class CapOffAlarmTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    // (configured minutes, unplugged for, raised)
    [Theory]
    [InlineData(10, "00:09:59.900", false)]
    [InlineData(10, "00:10:00.100", true)]
    [InlineData(10, "00:25:00", true)]
    [InlineData(3, "00:02:59", false)]
    [InlineData(3, "00:03:00.500", true)]
    public void CapUnplugged_ForLongerThanTheLimit_RaisesCapOffLongMedium(double minutes, string unplugged, bool raised)
    {
        var bench = new SessionBench(new SessionOptions { CapOffAlarmMinutes = minutes });
        var session = SessionTimingTests.ToPostcool(bench, "default");
        bench.CapA = false;
        bench.Tick(Tick);                                   // the unplug is seen here

        bench.Run(TimeSpan.Parse(unplugged, System.Globalization.CultureInfo.InvariantCulture));

        var alarm = bench.Alarms.Open.SingleOrDefault(o => o.Code == "cap-off-long");
        Assert.Equal(raised, alarm is not null);
        Assert.Equal(raised, session.Alarms.Contains("cap-off-long"));
        if (alarm is not null)
        {
            Assert.Equal(AlarmPriority.Medium, alarm.Priority);
            Assert.Equal(CapChannel.A, alarm.Channel);
            Assert.Contains("Cap A", alarm.Message, StringComparison.Ordinal);
        }

        // Reconnected, the alarm clears by itself (medium priority does not latch); the record keeps the code.
        bench.CapA = true;
        bench.Tick(Tick);
        Assert.DoesNotContain(bench.Alarms.Open, o => o.Code == "cap-off-long");
        bench.Ok(bench.Finish(CapChannel.A));
        Assert.Equal(raised, Assert.Single(bench.Records).Alarms.Contains("cap-off-long"));
    }

    [Fact]
    public void CapUnplugged_SeveralShortBreaks_RaisesNothing()
    {
        var bench = new SessionBench();
        var session = SessionTimingTests.ToPostcool(bench, "default");
        for (var i = 0; i < 4; i++)
        {
            bench.CapA = false;
            bench.Run(TimeSpan.FromMinutes(8));
            bench.CapA = true;
            bench.Run(TimeSpan.FromSeconds(5));
        }

        Assert.DoesNotContain(bench.AlarmChanges, c => c.Occurrence.Code == "cap-off-long");
        Assert.Empty(session.Alarms);
        Assert.Equal(4, session.Interruptions.Count);
    }

    [Fact]
    public void CapUnplugged_OnlyTheUnpluggedChannelsAlarmAndRecord()
    {
        var bench = new SessionBench();
        var a = SessionTimingTests.ToPostcool(bench, "default");
        var b = bench.StartPrecool(CapChannel.B);
        bench.CapB = false;

        bench.Run(TimeSpan.FromMinutes(11));

        var alarm = Assert.Single(bench.Alarms.Open);
        Assert.Equal(("cap-off-long", CapChannel.B), (alarm.Code, alarm.Channel));
        Assert.Equal(["cap-off-long"], b.Alarms);
        Assert.Empty(a.Alarms);
    }

    [Fact]
    public void CapUnplugged_WhileTheSessionEnds_AlarmClearsWithIt()
    {
        var bench = new SessionBench();
        SessionTimingTests.ToPostcool(bench, "default");
        bench.CapA = false;
        bench.Run(TimeSpan.FromMinutes(12));
        Assert.Single(bench.Alarms.Open);

        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.PatientRequest));
        bench.Tick(Tick);

        Assert.Empty(bench.Alarms.Open);
    }

    [Fact]
    public void CapUnplugged_BeforePrecool_RaisesNothing()
    {
        // A prepared session is still being fitted: its cap is not expected to be plugged in yet.
        var bench = new SessionBench { CapA = false };
        var session = bench.OpenOk(CapChannel.A);

        bench.Run(TimeSpan.FromMinutes(20));

        Assert.Empty(bench.AlarmChanges);
        Assert.Empty(session.Interruptions);
    }

    [Fact]
    public void CapOffLong_ConfiguredMinutes_MessageSaysTheConfiguredTime()
    {
        var bench = new SessionBench(new SessionOptions { CapOffAlarmMinutes = 3 });
        SessionTimingTests.ToPostcool(bench, "default");
        bench.CapA = false;

        bench.Run(TimeSpan.FromMinutes(4));

        var alarm = Assert.Single(bench.Alarms.Open);
        Assert.Equal("cap-off-long", alarm.Code);
        Assert.Contains("3 minutes", alarm.Message, StringComparison.Ordinal);
    }
}
