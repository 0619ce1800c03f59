using Paxman.Edge.Core;
using Paxman.Edge.Engine.Tests.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Control;

/// <summary>The relay autotune on the simulated unit, in device time.</summary>
public sealed class AutotuneTests : TestEnvironment
{
    [Fact]
    public void Autotune_on_an_idle_ready_unit_finds_gains_that_hold_the_band_with_two_caps()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        Assert.Null(unit.Engine.StartAutotune());

        var took = unit.RunUntil(() => unit.Engine.Control.LastAutotune is not null, TimeSpan.FromHours(3), "autotune result");
        var result = unit.Engine.Control.LastAutotune!;
        Assert.True(result.Peaks >= 12);
        Assert.True(result.Kp > 0 && result.Ki > 0, $"gains {result}");
        Assert.True(took < TimeSpan.FromHours(2), $"took {took}");

        // The found gains are in use: two patients; once the caps' own heat is out (two warm caps at once hold
        // about 70 kJ, some ten minutes of the spare capacity) the band is +/-0.3 C.
        var law = Assert.IsType<Paxman.Edge.Core.Control.PidCompressorLaw>(unit.Engine.Control.Law);
        Assert.Equal(result.Kp, law.Pid.Kp);
        unit.Unit.SetCap(CapChannel.A, true);
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromMinutes(15));
        var worst = 0.0;
        for (var i = 0; i < 36_000; i++)
        {
            unit.Rig.Tick();
            worst = Math.Max(worst, Math.Abs(unit.Unit.Plant.ReservoirC - unit.Engine.Control.SetpointC));
        }

        Assert.True(worst <= 0.3, $"max |error| {worst:F2} C");
        Assert.Empty(unit.AlarmChanges);
    }

    [Fact]
    public void Autotune_is_refused_while_a_channel_is_in_use_or_the_coolant_is_not_ready()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.Contains("not at its setpoint", unit.Engine.StartAutotune(), StringComparison.Ordinal);

        unit.RunUntilReady();
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Contains("channel is in use", unit.Engine.StartAutotune(), StringComparison.Ordinal);
        Assert.Null(unit.Engine.Control.Autotune);
    }

    [Fact]
    public void A_cap_connected_during_an_autotune_cancels_it_and_the_PID_takes_over_at_once()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var kp = Assert.IsType<Paxman.Edge.Core.Control.PidCompressorLaw>(unit.Engine.Control.Law).Pid.Kp;
        Assert.Null(unit.Engine.StartAutotune());
        unit.Run(TimeSpan.FromMinutes(3));
        Assert.NotNull(unit.Engine.Control.Autotune);

        unit.Unit.SetCap(CapChannel.A, true);
        unit.Run(TimeSpan.FromSeconds(1));

        Assert.Null(unit.Engine.Control.Autotune);
        Assert.Null(unit.Engine.Control.LastAutotune);
        Assert.Equal(kp, Assert.IsType<Paxman.Edge.Core.Control.PidCompressorLaw>(unit.Engine.Control.Law).Pid.Kp);
        Assert.True(unit.Engine.Output.ValveA);
    }
}
