using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>A whole day of normal use must not raise a single alarm or interrupt a single treatment.</summary>
public sealed class NoFalseAlarmTests : TestEnvironment
{
    [Fact]
    public void A_six_hour_two_channel_day_with_sensor_and_link_noise_raises_no_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null, seed: 20260105);
        unit.Unit.Apply(new FaultChange(SimulatedFault.LinkNoise, true, BitErrorRate: 1e-4));

        // Power-on chill-down from the room, then patients come and go on both channels: each session is opened when
        // the cap is plugged in, pre-cooled once the unit is ready, treated, and its post-cool completes by itself;
        // patient 2 on A takes a bathroom break during the infusion.
        (double Hours, CapChannel Channel, string Step)[] day =
        [
            (0.50, CapChannel.A, "plug"), (0.85, CapChannel.B, "plug"), (1.00, CapChannel.A, "infusion-start"),
            (1.35, CapChannel.B, "infusion-start"), (1.70, CapChannel.A, "infusion-end"), (2.40, CapChannel.B, "infusion-end"),
            (3.30, CapChannel.A, "unplug"), (3.50, CapChannel.A, "plug"), (3.95, CapChannel.B, "unplug"),
            (4.10, CapChannel.A, "infusion-start"), (4.40, CapChannel.A, "unplug"), (4.50, CapChannel.A, "plug"),
            (5.00, CapChannel.A, "infusion-end"),
        ];
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

        Assert.Equal(SessionPhase.Done, unit.Engine.Sessions[CapChannel.B].Phase);
        Assert.Equal("completed", unit.Engine.Sessions[CapChannel.B].Session!.Outcome);
        Assert.Equal(SessionPhase.Postcool, unit.Engine.Sessions[CapChannel.A].Phase);
        Assert.True(unit.Unit.BitsFlipped > 100, "the link noise really flipped bits");
        Assert.True(unit.Engine.Control.Ready);
        Assert.Empty(unit.AlarmChanges.Select(c => $"{unit.Now}: {c.Occurrence.Code} {c.State}"));
        // The supervisor interrupted nobody (the bathroom break is the session's own cap-disconnected interruption).
        Assert.Empty(unit.Interruptions);
        Assert.False(unit.InSafeState);
        Assert.True(unit.State.McuLinked);
    }
}
