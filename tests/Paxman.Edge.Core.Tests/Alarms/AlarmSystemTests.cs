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
    public void An_acknowledgement_while_the_condition_holds_only_silences_and_the_alarm_waits_for_one_after_it_ends()
    {
        var condition = new Fixed("over-cooling-critical", AlarmPriority.High);
        Tick(condition, true, 0);
        var occurrence = _alarms.Open[0];
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge(occurrence.AlarmId, Wall));
        Assert.Equal(AlarmOccurrenceState.Acknowledged, occurrence.State);
        Assert.Null(_alarms.Sounding());
        Tick(condition, true, 1);
        Assert.False(occurrence.ConditionEnded);

        // The condition ends: the early acknowledgement does not reset it; the alarm says what it waits for.
        Tick(condition, false, 2);
        Tick(condition, false, 3);
        Assert.Same(occurrence, Assert.Single(_alarms.Open));
        Assert.True(occurrence.ConditionEnded);
        Assert.EndsWith("Condition ended: acknowledge to reset.", occurrence.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_alarms.Changes, c => c.State == AlarmOccurrenceState.Cleared);

        // A person acknowledges again, now that it has ended: reset.
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge(occurrence.AlarmId, Wall.AddSeconds(4)));
        Assert.Empty(_alarms.Open);
        var cleared = Assert.Single(_alarms.Changes, c => c.State == AlarmOccurrenceState.Cleared);
        Assert.Equal(Wall.AddSeconds(4), cleared.At);
    }

    [Fact]
    public void Acknowledging_an_acknowledged_alarm_whose_condition_still_holds_changes_nothing()
    {
        var condition = new Fixed("probe-fault", AlarmPriority.High);
        Tick(condition, true, 0);
        var occurrence = _alarms.Open[0];
        _alarms.Acknowledge(occurrence.AlarmId, Wall);
        _alarms.ClearChanges();

        Assert.Equal(AckResult.AlreadyAcknowledged, _alarms.Acknowledge(occurrence.AlarmId, Wall));
        Assert.Empty(_alarms.Changes);
        Assert.Single(_alarms.Open);
    }

    [Fact]
    public void A_condition_that_comes_back_before_the_reset_stays_one_occurrence_and_needs_a_new_end()
    {
        var condition = new Fixed("stop-button", AlarmPriority.High);
        Tick(condition, true, 0);
        var occurrence = _alarms.Open[0];
        Tick(condition, false, 1);
        Assert.True(occurrence.ConditionEnded);
        Tick(condition, true, 2);
        Assert.False(occurrence.ConditionEnded);

        // Acknowledged while it holds again: only silenced.
        _alarms.Acknowledge(occurrence.AlarmId, Wall);
        Assert.Same(occurrence, Assert.Single(_alarms.Open));
        Assert.DoesNotContain("Condition ended", occurrence.Message, StringComparison.Ordinal);
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
    public void A_new_alarm_of_the_same_priority_as_the_paused_one_ends_the_audio_pause()
    {
        Tick(new Fixed("probe-fault", AlarmPriority.High), true, 0);
        _alarms.PauseAudio(TimeSpan.FromSeconds(1));

        Tick(new Fixed("stop-button", AlarmPriority.High), true, 5);

        Assert.Null(_alarms.AudioPausedUntil);
        Assert.Equal(AlarmPriority.High, _alarms.Sounding());
    }

    [Fact]
    public void A_new_alarm_of_higher_priority_than_the_paused_one_ends_the_audio_pause()
    {
        Tick(new Fixed("flow-restricted", AlarmPriority.Low), true, 0);
        _alarms.PauseAudio(TimeSpan.FromSeconds(1));

        Tick(new Fixed("reservoir-low", AlarmPriority.Medium), true, 5);

        Assert.Null(_alarms.AudioPausedUntil);
        Assert.Equal(AlarmPriority.Medium, _alarms.Sounding());
    }

    [Fact]
    public void A_new_alarm_of_lower_priority_than_the_paused_one_stays_silent_until_the_pause_runs_out()
    {
        var high = new Fixed("probe-fault", AlarmPriority.High);
        var low = new Fixed("flow-restricted", AlarmPriority.Low);
        Tick(high, true, 0);
        _alarms.PauseAudio(TimeSpan.FromSeconds(1));

        Tick(low, true, 5);
        Assert.Equal(TimeSpan.FromSeconds(121), _alarms.AudioPausedUntil);
        Assert.Null(_alarms.Sounding());

        _alarms.BeginTick(TimeSpan.FromSeconds(121));
        Assert.Equal(AlarmPriority.High, _alarms.Sounding());
    }

    [Fact]
    public void An_alarm_that_was_already_open_when_audio_was_paused_does_not_end_the_pause_by_being_evaluated_again()
    {
        var high = new Fixed("probe-fault", AlarmPriority.High);
        Tick(high, true, 0);
        _alarms.PauseAudio(TimeSpan.FromSeconds(1));

        Tick(high, true, 2);
        Tick(high, true, 3);

        Assert.NotNull(_alarms.AudioPausedUntil);
        Assert.Null(_alarms.Sounding());
    }

    [Fact]
    public void A_pause_given_with_no_alarm_sounding_ends_with_any_new_alarm()
    {
        _alarms.PauseAudio(TimeSpan.FromSeconds(1));

        Tick(new Fixed("flow-restricted", AlarmPriority.Low), true, 5);

        Assert.Null(_alarms.AudioPausedUntil);
        Assert.Equal(AlarmPriority.Low, _alarms.Sounding());
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
