using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Probe disagree: the supply sensor and the safety probe more than 2 C apart for 10 s, high priority, the safe
/// state, a safety-stop interruption dated from the first disagreeing sample.
/// </summary>
public sealed class ProbeDisagreeConditionTests : TestEnvironment
{
    [Fact]
    public void Sensors_5_C_apart_are_detected_within_10_s_and_put_the_unit_in_its_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        var injectedAt = unit.Now;
        unit.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 5));

        // The probe is read once per device second: the first disagreeing reading arrives within 1 s.
        unit.RunUntil(() => Math.Abs(unit.Engine.Probe!.Value.Celsius!.Value - unit.Engine.Snapshot.SupplyC!.Value) > 2,
            TimeSpan.FromSeconds(1.1), "a disagreeing probe reading");
        var firstApart = unit.Uptime;
        var detection = unit.RunUntil(() => unit.IsRaised("probe-disagree"), TimeSpan.FromSeconds(12), "probe-disagree alarm");

        // The 10 s rule from the first disagreeing sample; at most 11 s after the fault with the probe's 1 s period.
        Assert.True(detection >= TimeSpan.FromSeconds(10), $"detected {detection.TotalMilliseconds} ms after the first disagreeing sample");
        Assert.True(detection <= TimeSpan.FromSeconds(10.1), $"detected {detection.TotalMilliseconds} ms after the first disagreeing sample");
        Assert.True(unit.Now - injectedAt <= TimeSpan.FromSeconds(11.1), $"detected {(unit.Now - injectedAt).TotalMilliseconds} ms after the fault");
        Assert.Equal(AlarmPriority.High, unit.Open("probe-disagree")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);

        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.Equal(firstApart, started.At);
    }

    [Fact]
    public void Sensors_1_5_C_apart_raise_nothing()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        unit.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 1.5));
        unit.Run(TimeSpan.FromMinutes(2));

        Assert.Empty(unit.AlarmChanges);
        Assert.False(unit.InSafeState);
    }

    [Fact]
    public void Agreeing_again_the_unit_stays_safe_until_acknowledged_and_then_cools_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 5));
        unit.RunUntil(() => unit.IsRaised("probe-disagree"), TimeSpan.FromSeconds(12), "probe-disagree alarm");

        unit.Unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, false));
        unit.Run(TimeSpan.FromSeconds(3));
        Assert.False(unit.Open("probe-disagree")!.ConditionActive);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("probe-disagree"));
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && !i.Started);
    }
}
