using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Tests.Alarms;

/// <summary>
/// Start-up recovery of the alarms an earlier run left open (<see cref="AlarmRecovery"/>, <see cref="RestoredTripCondition"/>):
/// high priority comes back with what its condition can demand, until a person resets it after the condition ended.
/// </summary>
public sealed class AlarmRecoveryTests
{
    private static readonly DateTimeOffset Wall = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);
    private readonly AlarmSystem _alarms = new();

    [Fact]
    public void A_high_priority_alarm_comes_back_open_demanding_the_safe_state_until_acknowledged_after_its_condition_ended()
    {
        var trip = new Trip("probe-disagree", TimeSpan.FromSeconds(10));
        Assert.Equal(1, AlarmRecovery.Restore(_alarms, [Stored("a-1", "probe-disagree", "high", "acknowledged")], [trip], TimeSpan.Zero, Wall));

        var restored = Assert.Single(_alarms.Open);
        Assert.Equal("a-1", restored.AlarmId);
        Assert.Same(trip, restored.Condition);
        Assert.True(restored.Restored);
        Assert.Equal(AlarmOccurrenceState.Acknowledged, restored.State);
        Assert.Equal(SafetyAction.SafeState, restored.Demanded);
        Assert.Empty(_alarms.Changes);

        // Within its detection time (+ the start-up grace) the condition is taken as present: an ack does not reset.
        _alarms.Update(trip, active: false, TimeSpan.FromSeconds(14), Wall);
        Assert.False(restored.ConditionEnded);
        Assert.Equal(AckResult.AlreadyAcknowledged, _alarms.Acknowledge("a-1", Wall));
        Assert.Single(_alarms.Open);

        // Seen absent after that: the next acknowledgement resets it.
        _alarms.Update(trip, active: false, TimeSpan.FromSeconds(15), Wall);
        Assert.True(restored.ConditionEnded);
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge("a-1", Wall));
        Assert.Empty(_alarms.Open);
        Assert.Equal(AlarmOccurrenceState.Cleared, Assert.Single(_alarms.Changes).State);
    }

    [Fact]
    public void A_restored_trip_seen_present_again_is_not_reset_by_an_acknowledgement()
    {
        var trip = new Trip("over-cooling-critical", TimeSpan.FromSeconds(1));
        AlarmRecovery.Restore(_alarms, [Stored("a-2", "over-cooling-critical", "high", "raised")], [trip], TimeSpan.Zero, Wall);
        _alarms.Update(trip, active: true, TimeSpan.FromSeconds(10), Wall);
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge("a-2", Wall));
        var restored = Assert.Single(_alarms.Open);
        Assert.Equal(AlarmOccurrenceState.Acknowledged, restored.State);
        Assert.Equal("a-2", restored.AlarmId);
    }

    [Fact]
    public void A_compressor_not_following_alarm_restored_holds_the_safe_state_whichever_way_it_deviated()
    {
        var condition = new Paxman.Edge.Core.Safety.Conditions.CompressorNotFollowingCondition();
        AlarmRecovery.Restore(_alarms, [Stored("a-3", condition.Code, "high", "raised")], [condition], TimeSpan.Zero, Wall);
        Assert.Equal(SafetyAction.SafeState, Assert.Single(_alarms.Open).Demanded);
    }

    [Fact]
    public void An_unknown_high_priority_code_holds_the_safe_state_until_acknowledged()
    {
        AlarmRecovery.Restore(_alarms, [Stored("a-4", "some-future-trip", "high", "raised", "B")], [], TimeSpan.Zero, Wall);
        var restored = Assert.Single(_alarms.Open);
        Assert.IsType<RestoredTripCondition>(restored.Condition);
        Assert.Equal(CapChannel.B, restored.Channel);
        Assert.Equal("some-future-trip", restored.Code);
        Assert.Equal(SafetyAction.SafeState, restored.Demanded);
        Assert.Equal("Restored message.", restored.Message);

        _alarms.Update(restored.Condition, active: false, TimeSpan.FromSeconds(6), Wall);
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge("a-4", Wall));
        Assert.Empty(_alarms.Open);
    }

    [Fact]
    public void Medium_and_low_alarms_are_closed_at_start_up()
    {
        var low = new Trip("reservoir-low", TimeSpan.FromSeconds(2), AlarmPriority.Medium);
        Assert.Equal(0, AlarmRecovery.Restore(_alarms, [Stored("m-1", "reservoir-low", "medium", "raised"), Stored("l-1", "gone", "low", "raised")],
            [low], TimeSpan.Zero, Wall));
        Assert.Empty(_alarms.Open);
        Assert.Equal(["m-1", "l-1"], _alarms.Changes.Select(c => c.Occurrence.AlarmId));
        Assert.All(_alarms.Changes, c => Assert.Equal(AlarmOccurrenceState.Cleared, c.State));
    }

    [Fact]
    public void A_restored_event_such_as_unit_restarted_does_not_hold_the_safe_state_and_its_first_acknowledgement_resets_it()
    {
        var restarted = new Paxman.Edge.Core.Sessions.UnitRestartedCondition();
        AlarmRecovery.Restore(_alarms, [Stored("u-1", "unit-restarted", "high", "raised")], [restarted], TimeSpan.Zero, Wall);
        Assert.Equal(SafetyAction.None, Assert.Single(_alarms.Open).Demanded);
        Assert.Equal(AckResult.Acknowledged, _alarms.Acknowledge("u-1", Wall));
        Assert.Empty(_alarms.Open);
    }

    private static StoredAlarm Stored(string id, string code, string priority, string state, string? channel = null) =>
        new(1, id, code, priority, state, channel, Wall.AddMinutes(-5), "Restored message. " + AlarmOccurrence.ConditionEndedNote, false, true);

    private sealed class Trip(string code, TimeSpan detection, AlarmPriority priority = AlarmPriority.High) : AlarmCondition
    {
        public override string Code => code;

        public override AlarmPriority Priority => priority;

        public override TimeSpan DetectionTime => detection;

        public override SafetyAction Action => priority == AlarmPriority.High ? SafetyAction.SafeState : SafetyAction.None;

        public override string Message => code;

        public override bool Evaluate(in SafetyContext context) => false;
    }
}
