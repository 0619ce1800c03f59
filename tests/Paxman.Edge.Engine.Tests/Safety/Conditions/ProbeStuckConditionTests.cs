using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// A safety probe stuck at a plausible value: whenever the supply moves 1 C, the probe must follow at least half as
/// far within 30 s, or high priority and the safe state. Caught where probe-disagree (2 C apart) cannot see it.
/// </summary>
public sealed class ProbeStuckConditionTests : TestEnvironment
{
    private static readonly FaultChange Stuck = new(SimulatedFault.ProbeStuck, Active: true);

    [Fact]
    public void A_probe_stuck_at_the_setpoint_is_caught_when_a_warm_cap_lifts_the_supply_though_it_never_disagrees_by_2_C()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Run(TimeSpan.FromMinutes(2));
        unit.Unit.Apply(Stuck);

        // A room-temperature cap lifts the supply about 1.5 C above the setpoint: the probe, stuck near -4 C, does not move.
        unit.StartCooling(CapChannel.A);
        unit.RunUntil(() => unit.IsRaised("probe-stuck"), TimeSpan.FromMinutes(5), "probe-stuck alarm");

        Assert.False(unit.IsRaised("probe-disagree"), "probe-disagree saw it first: the case is not the one under test");
        Assert.Equal(AlarmPriority.High, unit.Open("probe-stuck")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started && i.Channel == CapChannel.A);
    }

    [Fact]
    public void A_probe_stuck_at_room_temperature_is_caught_during_chill_down_within_30_s_of_the_supply_moving_1_C()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Unit.Apply(Stuck);
        unit.RunUntil(() => unit.Engine.Snapshot.HasStatus && unit.Engine.Snapshot.SupplyC is not null && unit.Engine.Snapshot.Probe.Celsius is not null, TimeSpan.FromSeconds(10),
            "first STATUS and probe reading");
        var roomC = unit.Engine.Snapshot.SupplyC!.Value;
        unit.RunUntil(() => unit.Engine.Snapshot.SupplyC is { } s && s <= roomC - 1, TimeSpan.FromMinutes(10), "supply 1 C down");
        var detection = unit.RunUntil(() => unit.IsRaised("probe-stuck"), TimeSpan.FromMinutes(2), "probe-stuck alarm");

        Assert.True(detection <= TimeSpan.FromSeconds(31), $"detected {detection.TotalSeconds} s after the supply moved 1 C");
        Assert.True(unit.InSafeState);
    }

    [Fact]
    public void The_alarm_holds_the_safe_state_until_a_person_resets_it_after_the_probe_follows_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Unit.Apply(Stuck);
        unit.RunUntil(() => unit.IsRaised("probe-stuck"), TimeSpan.FromMinutes(10), "probe-stuck alarm");

        // Repaired: it reads the coolant again, so it has moved with the supply; the alarm waits for a person.
        unit.Unit.Apply(Stuck with { Active = false });
        unit.RunUntil(() => unit.Open("probe-stuck")!.ConditionEnded, TimeSpan.FromSeconds(10), "condition ended");
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.InSafeState);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        Assert.Null(unit.Open("probe-stuck"));
    }

    [Fact]
    public void A_healthy_probe_follows_a_full_chill_down_and_two_caps_without_an_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 7);
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.StartCooling(CapChannel.B);
        unit.Run(TimeSpan.FromMinutes(20));

        Assert.Empty(unit.AlarmChanges);
        Assert.True(unit.Engine.Output.ValveA && unit.Engine.Output.ValveB);
    }
}
