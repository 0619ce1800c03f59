using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Plant;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// A whole day of normal use must not raise a single alarm or interrupt a single treatment: on the default unit, and
/// on harsher ones (issue 11, "False alarms"): a quieter sensor, a slower inverter, both caps at once in a 30 C room,
/// a cap plugged in during the chill-down.
/// </summary>
public sealed class NoFalseAlarmTests : TestEnvironment
{
    // Power-on chill-down from the room, then patients come and go on both channels: each session is opened when the
    // cap is plugged in, pre-cooled once the unit is ready, treated, and its post-cool completes by itself; patient 2
    // on A takes a bathroom break during the infusion.
    private static readonly (double Hours, CapChannel Channel, string Step)[] Day =
    [
        (0.50, CapChannel.A, "plug"), (0.85, CapChannel.B, "plug"), (1.00, CapChannel.A, "infusion-start"),
        (1.35, CapChannel.B, "infusion-start"), (1.70, CapChannel.A, "infusion-end"), (2.40, CapChannel.B, "infusion-end"),
        (3.30, CapChannel.A, "unplug"), (3.50, CapChannel.A, "plug"), (3.95, CapChannel.B, "unplug"),
        (4.10, CapChannel.A, "infusion-start"), (4.40, CapChannel.A, "unplug"), (4.50, CapChannel.A, "plug"),
        (5.00, CapChannel.A, "infusion-end"),
    ];

    [Fact]
    public void A_six_hour_two_channel_day_with_sensor_and_link_noise_raises_no_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260105);
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkNoise, true, BitErrorRate: 1e-4));
        RunTheDay(unit, Day);
        Assert.True(unit.Unit.BitsFlipped > 100, "the link noise really flipped bits");
    }

    [Fact]
    public void The_day_on_a_quieter_supply_sensor_of_0_005_C_noise_read_in_hundredths_raises_no_alarm()
    {
        // STATUS carries hundredths of a degree: the readings are quantised to 0.01 C on the wire.
        var quiet = new SimulatedUnitOptions { Plant = new PlantConstants { TemperatureNoiseSigmaC = 0.005 } };
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260106, built: quiet);
        RunTheDay(unit, Day);
    }

    [Fact]
    public void The_day_on_a_slower_inverter_ramping_5_percent_a_second_raises_no_alarm()
    {
        var slow = new SimulatedUnitOptions { Plant = new PlantConstants { CompressorSlewPctPerSecond = 5 } };
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260107, built: slow);
        RunTheDay(unit, Day);
    }

    [Fact]
    public void The_day_with_both_caps_plugged_in_at_once_in_a_30_C_room_raises_no_alarm()
    {
        var hot = new SimulatedUnitOptions { AmbientC = 30 };
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260108, built: hot);
        RunTheDay(unit, [(0.50, CapChannel.A, "plug"), (0.50, CapChannel.B, "plug"), .. Day.Skip(2)]);
    }

    [Fact]
    public void The_day_with_the_first_cap_plugged_in_during_the_chill_down_raises_no_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260109);
        RunTheDay(unit, [(0.05, CapChannel.A, "plug"), .. Day.Skip(1)]);
    }

    private static void RunTheDay(UnitUnderTest unit, IEnumerable<(double Hours, CapChannel Channel, string Step)> day)
    {
        foreach (var (hours, channel, step) in day)
        {
            unit.Run(TimeSpan.FromHours(hours) - unit.Now);
            switch (step)
            {
                case "plug":
                    unit.Unit.SetCap(channel, true);
                    break;
                case "unplug":
                    unit.Unit.SetCap(channel, false);
                    break;
                default:
                    Assert.Null(unit.Act(channel, step == "infusion-start" ? SessionAction.InfusionStart : SessionAction.InfusionEnd));
                    break;
            }
        }

        unit.Run(TimeSpan.FromHours(6) - unit.Now);

        Assert.Empty(unit.AlarmChanges.Select(c => $"{c.At:HH:mm:ss}: {c.Occurrence.Code} {c.State}"));
        Assert.Equal(SessionPhase.Done, unit.Engine.Sessions[CapChannel.B].Phase);
        Assert.Equal("completed", unit.Engine.Sessions[CapChannel.B].Session!.Outcome);
        Assert.Equal(SessionPhase.Postcool, unit.Engine.Sessions[CapChannel.A].Phase);
        Assert.True(unit.Engine.Control.Ready);

        // The supervisor interrupted nobody (the bathroom break is the session's own cap-disconnected interruption).
        Assert.Empty(unit.Interruptions);
        Assert.False(unit.InSafeState);
        Assert.True(unit.State.McuLinked);
    }
}
