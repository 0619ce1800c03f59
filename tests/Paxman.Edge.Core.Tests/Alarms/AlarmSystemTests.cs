using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Tests.Alarms;

public sealed class AlarmSystemTests
{
    private static readonly DateTimeOffset Wall = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);
    private readonly AlarmSystem _alarms = new();

    [Fact]
    public void A_high_priority_alarm_latches_until_acknowledged_even_after_its_condition_ends()
    {
        var condition = new Fixed("stop-button", AlarmPriority.High);
        Tick(condition, active: true, seconds: 0);
        var raised = Assert.Single(_alarms.Open);
        Assert.Equal(AlarmOccurrenceState.Raised, raised.State);

        Tick(condition, active: false, seconds: 1);
        Assert.Same(raised, Assert.Single(_alarms.Open));

        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge(raised.AlarmId, Wall));
        Assert.Empty(_alarms.Open);
        Assert.Equal(AlarmOccurrenceState.Cleared, raised.State);
    }

    [Fact]
    public void An_acknowledged_high_priority_alarm_clears_when_its_condition_ends()
    {
        var condition = new Fixed("probe-fault", AlarmPriority.High);
        Tick(condition, true, 0);
        var occurrence = _alarms.Open[0];
        _alarms.Acknowledge(occurrence.AlarmId, Wall);
        Assert.Equal(AlarmOccurrenceState.Acknowledged, occurrence.State);
        Tick(condition, true, 1);
        Assert.Single(_alarms.Open);

        Tick(condition, false, 2);
        Assert.Empty(_alarms.Open);
        Assert.Contains(_alarms.Changes, c => c.State == AlarmOccurrenceState.Cleared);
    }

    [Theory]
    [InlineData(AlarmPriority.Medium)]
    [InlineData(AlarmPriority.Low)]
    public void Medium_and_low_alarms_clear_with_their_condition(AlarmPriority priority)
    {
        var condition = new Fixed("flow-loss", priority);
        Tick(condition, true, 0);
        Tick(condition, false, 1);
        Assert.Empty(_alarms.Open);
    }

    [Fact]
    public void A_condition_that_comes_back_after_clearing_is_a_new_occurrence()
    {
        var condition = new Fixed("reservoir-low", AlarmPriority.Medium);
        Tick(condition, true, 0);
        var first = _alarms.Open[0].AlarmId;
        Tick(condition, false, 1);
        Tick(condition, true, 2);
        Assert.NotEqual(first, _alarms.Open[0].AlarmId);
    }

    [Fact]
    public void The_buzzer_sounds_the_highest_unacknowledged_priority()
    {
        var low = new Fixed("flow-restricted", AlarmPriority.Low);
        var high = new Fixed("stop-button", AlarmPriority.High);
        Tick(low, true, 0);
        Assert.Equal(AlarmPriority.Low, _alarms.Sounding());
        _alarms.Update(high, true, TimeSpan.FromSeconds(1), Wall);
        Assert.Equal(AlarmPriority.High, _alarms.Sounding());

        _alarms.Acknowledge(_alarms.Open.Single(o => o.Priority == AlarmPriority.High).AlarmId, Wall);
        Assert.Equal(AlarmPriority.Low, _alarms.Sounding());
        Assert.Equal(AlarmPriority.High, _alarms.HighestOpen());
    }

    [Fact]
    public void Audio_pause_silences_every_alarm_for_two_minutes_then_sound_returns()
    {
        var high = new Fixed("stop-button", AlarmPriority.High);
        Tick(high, true, 0);
        var until = _alarms.PauseAudio(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(130), until);

        _alarms.BeginTick(TimeSpan.FromSeconds(129.9));
        Assert.Null(_alarms.Sounding());
        _alarms.BeginTick(TimeSpan.FromSeconds(130));
        Assert.Equal(AlarmPriority.High, _alarms.Sounding());
    }

    [Fact]
    public void Acknowledging_twice_or_an_unknown_alarm_says_so()
    {
        var condition = new Fixed("stop-button", AlarmPriority.High);
        Tick(condition, true, 0);
        var id = _alarms.Open[0].AlarmId;
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge(id, Wall));
        Assert.Equal(AckResult.AlreadyAcknowledged, _alarms.Acknowledge(id, Wall));
        Assert.Equal(AckResult.NotFound, _alarms.Acknowledge("nope", Wall));
    }

    private void Tick(AlarmCondition condition, bool active, double seconds)
    {
        _alarms.BeginTick(TimeSpan.FromSeconds(seconds));
        _alarms.Update(condition, active, TimeSpan.FromSeconds(seconds), Wall.AddSeconds(seconds));
    }

    private sealed class Fixed(string code, AlarmPriority priority) : AlarmCondition
    {
        public override string Code => code;

        public override AlarmPriority Priority => priority;

        public override TimeSpan DetectionTime => TimeSpan.Zero;

        public override string Message => code;

        public override bool Evaluate(in SafetyContext context) => false;
    }
}
