using Paxman.Edge.Core;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Tests.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Control;

/// <summary>
/// Feed-forward (README, "Control") on the whole simulated unit in device time: the hard case, a second warm cap
/// joining while a patient is treated on the other channel.
/// </summary>
public sealed class FeedForwardTests : TestEnvironment
{
    [Fact]
    public void A_second_cap_joining_keeps_the_patient_already_treated_within_0_9_C_and_its_own_first_minutes_too()
    {
        var worst = SecondCapJoining(feedForward: true);
        Assert.True(worst <= 0.9, $"the treated patient's coolant went {worst:F2} C off the setpoint");
    }

    [Fact]
    public void Without_feed_forward_the_same_second_cap_takes_the_treated_patient_beyond_0_9_C()
    {
        // The PID alone, the reference the test above is measured against: it must fail that bound.
        var worst = SecondCapJoining(feedForward: false);
        Assert.True(worst > 0.9, $"the PID alone kept the coolant within {worst:F2} C");
    }

    // Cap B treated for 15 minutes; a session prepared on A for 8 minutes while the cap is fitted, then cap A connected
    // and pre-cooled: the largest |coolant - setpoint| (the plant's true coolant) from A's preparation to 10 minutes after.
    private double SecondCapJoining(bool feedForward)
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: new EngineOptions { Control = new ControlOptions { FeedForward = feedForward } });
        unit.RunUntilReady();
        unit.Unit.SetCap(CapChannel.B, true);
        unit.RunUntil(() => unit.Engine.Sessions[CapChannel.B].Phase == SessionPhase.Precool, TimeSpan.FromSeconds(5), "B in pre-cool");
        unit.Run(TimeSpan.FromMinutes(15));

        var opened = unit.Engine.PostAsync(() => unit.Engine.OpenSession(CapChannel.A,
            new NewSessionRequest { PatientRef = "P-A", OperatorId = "N-1", Regimen = "default" }).Refusal);
        unit.Rig.Tick();
        Assert.Null(opened.Result);
        var worst = Watch(unit, TimeSpan.FromMinutes(8));
        unit.Unit.SetCap(CapChannel.A, true);
        worst = Math.Max(worst, Watch(unit, TimeSpan.FromMinutes(10)));
        Assert.Equal(SessionPhase.Precool, unit.Engine.Sessions[CapChannel.A].Phase);
        Assert.Empty(unit.AlarmChanges);
        return worst;
    }

    private static double Watch(UnitUnderTest unit, TimeSpan duration)
    {
        var worst = 0.0;
        var end = unit.Now + duration;
        while (unit.Now < end)
        {
            unit.Rig.Tick();
            worst = Math.Max(worst, Math.Abs(unit.Unit.Plant.ReservoirC - unit.Engine.Control.SetpointC));
        }

        return worst;
    }
}
