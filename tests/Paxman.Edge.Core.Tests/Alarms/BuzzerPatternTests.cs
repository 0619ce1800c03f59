using Paxman.Edge.Core.Alarms;

namespace Paxman.Edge.Core.Tests.Alarms;

public sealed class BuzzerPatternTests
{
    [Fact]
    public void Each_priority_has_its_own_pattern()
    {
        var patterns = new[] { AlarmPriority.High, AlarmPriority.Medium, AlarmPriority.Low }
            .Select(p => string.Concat(Enumerable.Range(0, 300).Select(t => BuzzerPattern.IsOn(p, t) ? '1' : '0')))
            .ToList();

        Assert.Equal(3, patterns.Distinct().Count());
        Assert.Equal(10 * 6, patterns[0].Count(c => c == '1'));
        Assert.True(patterns[0].Count(c => c == '1') > patterns[1].Count(c => c == '1'));
        Assert.True(patterns[1].Count(c => c == '1') > patterns[2].Count(c => c == '1'));
    }

    [Fact]
    public void No_alarm_is_silence()
    {
        Assert.DoesNotContain(Enumerable.Range(0, 200), t => BuzzerPattern.IsOn(null, t));
    }
}
