using Paxman.Edge.Core;
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

        // Power-on chill-down from the room, then patients come and go on both channels.
        (double Hours, CapChannel Channel, bool Connected)[] day =
        [
            (0.50, CapChannel.A, true), (0.85, CapChannel.B, true), (1.70, CapChannel.A, false), (1.87, CapChannel.A, true),
            (3.00, CapChannel.B, false), (3.30, CapChannel.B, true), (4.00, CapChannel.A, false), (4.25, CapChannel.A, true),
            (5.50, CapChannel.A, false), (5.60, CapChannel.B, false),
        ];
        foreach (var (hours, channel, connected) in day)
        {
            unit.Run(TimeSpan.FromHours(hours) - unit.Now);
            unit.Unit.SetCap(channel, connected);
        }

        unit.Run(TimeSpan.FromHours(6) - unit.Now);

        Assert.True(unit.Unit.BitsFlipped > 100, "the link noise really flipped bits");
        Assert.True(unit.Engine.Control.Ready);
        Assert.Empty(unit.AlarmChanges.Select(c => $"{unit.Now}: {c.Occurrence.Code} {c.State}"));
        Assert.Empty(unit.Interruptions);
        Assert.False(unit.InSafeState);
        Assert.True(unit.State.McuLinked);
    }
}
