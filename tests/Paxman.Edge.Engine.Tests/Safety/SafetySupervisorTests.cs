using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// The supervisor and its alarm system at engine level. Signals on the unit's board (IEC 60601-1-8): a distinct
/// buzzer pattern per priority, the highest unacknowledged one sounding, acknowledgement silencing, an audio pause
/// of exactly 2 minutes of device time, the beacon going on throughout. Alarm changes published for MQTT and the
/// journal; interruptions never dated before the channel was being cooled.
/// </summary>
public sealed class SafetySupervisorTests : TestEnvironment
{
    // Buzzer on-ticks (100 ms each) in one cycle: high, two bursts of five pulses every 5 s; medium, three pulses
    // every 8 s; low, two pulses every 15 s.
    private static readonly int[] HighOn = [0, 2, 4, 6, 8, 12, 14, 16, 18, 20];
    private static readonly int[] MediumOn = [0, 2, 4];
    private static readonly int[] LowOn = [0, 2];

    [Fact]
    public void A_high_priority_alarm_sounds_two_bursts_of_five_pulses_every_5_s()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        Assert.False(unit.Unit.Board.Buzzer);

        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");

        Assert.Equal(Expected(HighOn, 50, cycles: 2), RecordBuzzer(unit, 100));
        Assert.Equal(AlarmPriority.High, Assert.Single(unit.Engine.Safety.Alarms.Open).Priority);
        Assert.Equal(Beacon.Red, unit.Engine.BoardOutputs.Beacon);
    }

    [Fact]
    public void A_medium_priority_alarm_sounds_three_pulses_every_8_s()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();

        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, true));
        unit.RunUntil(() => unit.IsRaised("reservoir-low"), TimeSpan.FromSeconds(3), "reservoir-low alarm");

        Assert.Equal(Expected(MediumOn, 80, cycles: 2), RecordBuzzer(unit, 160));
        Assert.Equal(AlarmPriority.Medium, Assert.Single(unit.Engine.Safety.Alarms.Open).Priority);
        Assert.Equal(Beacon.Amber, unit.Engine.BoardOutputs.Beacon);
    }

    [Fact]
    public void A_low_priority_alarm_sounds_two_pulses_every_15_s()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        unit.Unit.Plant.SetFlowRestriction(CapChannel.A, 0.4);
        unit.RunUntil(() => unit.IsRaised("flow-restricted"), TimeSpan.FromSeconds(40), "flow-restricted alarm");

        Assert.Equal(Expected(LowOn, 150, cycles: 2), RecordBuzzer(unit, 300));
        Assert.Equal(AlarmPriority.Low, Assert.Single(unit.Engine.Safety.Alarms.Open).Priority);
        Assert.Equal(Beacon.Amber, unit.Engine.BoardOutputs.Beacon);
    }

    [Fact]
    public void The_highest_unacknowledged_priority_sounds_and_acknowledging_it_hands_over_to_the_next()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, true));
        unit.RunUntil(() => unit.IsRaised("reservoir-low"), TimeSpan.FromSeconds(3), "reservoir-low alarm");
        unit.Run(TimeSpan.FromSeconds(3));

        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");
        Assert.Equal(Expected(HighOn, 50, cycles: 1), RecordBuzzer(unit, 50));

        // A person acknowledges the high one only: the medium pattern starts afresh on the next tick.
        var stop = unit.Open("stop-button")!;
        _ = unit.Engine.PostAsync(() => unit.Engine.Acknowledge(stop.AlarmId));
        unit.Rig.Tick();
        Assert.Equal(AlarmOccurrenceState.Acknowledged, stop.State);
        Assert.Equal(Expected(MediumOn, 80, cycles: 1), RecordBuzzer(unit, 80));

        // Acknowledged, the medium one is silent too, but every open alarm stays visible on the beacon.
        unit.AcknowledgeAll();
        Assert.Empty(RecordBuzzer(unit, 160));
        Assert.Equal(Beacon.Red, unit.Engine.BoardOutputs.Beacon);
        Assert.Equal(2, unit.Engine.Safety.Alarms.Open.Count);
    }

    [Fact]
    public async Task Audio_pause_silences_the_buzzer_for_exactly_2_minutes_of_device_time()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");
        unit.Run(TimeSpan.FromSeconds(1));

        // Asked between two ticks: the pause runs from the tick that applies the request, the next one.
        var appliedAt = unit.Uptime + TimeSpan.FromMilliseconds(100);
        var pause = unit.Engine.PostAsync(() => unit.Engine.PauseAudio());
        var silent = unit.RunUntil(() =>
        {
            Assert.Equal(Beacon.Red, unit.Engine.BoardOutputs.Beacon);
            return unit.Unit.Board.Buzzer;
        }, TimeSpan.FromMinutes(3), "buzzer sounding again");

        Assert.True(pause.IsCompletedSuccessfully);
        Assert.Equal(appliedAt + AlarmSystem.AudioPauseDuration, unit.Uptime);

        // The end of the pause the API reports is when the sound came back.
        Assert.Equal(unit.Engine.Time.GetUtcNow(), await pause);
        Assert.True(silent >= TimeSpan.FromSeconds(119.9), $"silent for {silent.TotalSeconds} s");
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("stop-button")!.State);

        // The pause is over: the high pattern again, from its start.
        Assert.Equal(Expected(HighOn, 50, cycles: 1), RecordBuzzer(unit, 50));
    }

    [Fact]
    public void Acknowledgements_and_the_clears_they_cause_are_published_as_alarm_changes()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");
        unit.Unit.SetStopPressed(false);
        unit.Run(TimeSpan.FromSeconds(1));

        unit.AcknowledgeAll();

        Assert.Null(unit.Open("stop-button"));
        Assert.Equal(
            [AlarmOccurrenceState.Raised, AlarmOccurrenceState.Acknowledged, AlarmOccurrenceState.Cleared],
            unit.AlarmChanges.Where(c => c.Occurrence.Code == "stop-button").Select(c => c.State));
    }

    [Fact]
    public void A_channel_that_starts_cooling_during_a_safe_state_is_interrupted_from_then_not_before()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        // B's session is in pre-cool with its cap unplugged (the patient stepped out): B is not being cooled.
        unit.StartCooling(CapChannel.B);
        unit.Unit.SetCap(CapChannel.B, false);
        unit.Run(TimeSpan.FromSeconds(1));
        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");
        unit.Run(TimeSpan.FromSeconds(10));

        var connectedAt = unit.Uptime;
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromSeconds(1));

        var a = Assert.Single(unit.Interruptions, i => i.Started && i.Channel == CapChannel.A);
        var b = Assert.Single(unit.Interruptions, i => i.Started && i.Channel == CapChannel.B);
        Assert.Equal(Interruption.StopButton, b.Cause);
        Assert.True(a.At < connectedAt);
        Assert.True(b.At > connectedAt, $"channel B interrupted from {b.At}, before its cap connected at {connectedAt}");
    }

    /// <summary>The ticks (from 0, the current one) on which the board's buzzer sounds, over <paramref name="ticks"/> ticks.</summary>
    private static List<int> RecordBuzzer(UnitUnderTest unit, int ticks)
    {
        var on = new List<int>();
        for (var i = 0; i < ticks; i++)
        {
            if (i > 0)
            {
                unit.Rig.Tick();
            }

            if (unit.Unit.Board.Buzzer)
            {
                on.Add(i);
            }
        }

        return on;
    }

    private static List<int> Expected(int[] onInCycle, int cycleTicks, int cycles) =>
        [.. Enumerable.Range(0, cycles).SelectMany(c => onInCycle.Select(t => (c * cycleTicks) + t))];
}
