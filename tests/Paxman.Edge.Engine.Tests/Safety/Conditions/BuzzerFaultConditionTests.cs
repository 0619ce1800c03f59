using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// The buzzer's current sense: an open buzzer is found by the start-up chirp, or the next time an alarm sounds, and
/// raises a high-priority alarm shown on the screen and over MQTT; it does not stop cooling.
/// </summary>
public sealed class BuzzerFaultConditionTests : TestEnvironment
{
    private static readonly FaultChange Open = new(SimulatedFault.BuzzerOpen, Active: true);

    [Fact]
    public void An_open_buzzer_is_found_by_the_start_up_chirp_and_raises_a_high_alarm_that_does_not_stop_cooling()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.Unit.Apply(Open);

        unit.RunUntil(() => unit.IsRaised("buzzer-fault"), TimeSpan.FromSeconds(10), "buzzer-fault alarm");
        Assert.Equal(AlarmPriority.High, unit.Open("buzzer-fault")!.Priority);
        Assert.Contains(unit.State.Alarms!, a => a.Code == "buzzer-fault" && a.Priority == "high");

        // Cooling goes on: the unit chills and a cap is treated, with the alarm still shown.
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.Run(TimeSpan.FromMinutes(1));
        Assert.False(unit.InSafeState);
        Assert.True(unit.Engine.Output.ValveA);
        Assert.True(unit.IsRaised("buzzer-fault"));
    }

    [Fact]
    public void A_buzzer_that_opens_later_is_found_the_next_time_an_alarm_sounds()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(Open);
        unit.Run(TimeSpan.FromMinutes(1));
        Assert.False(unit.IsRaised("buzzer-fault"));

        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");
        unit.RunUntil(() => unit.IsRaised("buzzer-fault"), TimeSpan.FromSeconds(2), "buzzer-fault alarm");
    }

    [Fact]
    public void A_healthy_buzzer_chirps_at_start_up_and_raises_nothing()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        var audible = 0;
        for (var i = 0; i < 100; i++)
        {
            unit.Rig.Tick();
            audible += unit.Unit.Board.Audible ? 1 : 0;
        }

        Assert.InRange(audible, 4, 6);
        unit.Run(TimeSpan.FromMinutes(2));
        Assert.Empty(unit.AlarmChanges);
    }

    [Fact]
    public void Repaired_the_alarm_waits_for_a_person_after_the_buzzer_sounds_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.Unit.Apply(Open);
        unit.RunUntil(() => unit.IsRaised("buzzer-fault"), TimeSpan.FromSeconds(10), "buzzer-fault alarm");

        // The alarm itself drives the buzzer: once it is whole again its current shows and the condition ends.
        unit.Unit.Apply(Open with { Active = false });
        unit.RunUntil(() => unit.Open("buzzer-fault")!.ConditionEnded, TimeSpan.FromSeconds(5), "condition ended");
        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("buzzer-fault"));
    }
}
