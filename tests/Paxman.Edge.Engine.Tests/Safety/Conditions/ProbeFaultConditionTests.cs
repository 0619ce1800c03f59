using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Probe fault: no valid reading from the independent safety probe for 5 s, high priority, the safe state (no
/// cooling without its second opinion), a safety-stop interruption dated from the last valid reading.
/// </summary>
public sealed class ProbeFaultConditionTests : TestEnvironment
{
    [Fact]
    public void A_failed_probe_is_detected_5_s_after_its_last_valid_reading_and_puts_the_unit_in_its_safe_state()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);

        var failedAt = unit.Now;
        unit.Unit.Plant.ProbeFailed = true;

        // The probe is read once per device second: the first failed reading arrives within 1 s.
        unit.RunUntil(() => unit.Engine.Probe!.Value.Fault != ProbeFault.None, TimeSpan.FromSeconds(1.1), "a failed probe reading");
        var lastValid = unit.Uptime - TimeSpan.FromMilliseconds(100);
        var detection = unit.RunUntil(() => unit.IsRaised("probe-fault"), TimeSpan.FromSeconds(7), "probe-fault alarm");

        // More than 5 s without a valid reading: 5 s and one tick after the last tick that had one.
        Assert.Equal(TimeSpan.FromSeconds(5), detection);
        Assert.True(unit.Now - failedAt <= TimeSpan.FromSeconds(6.1), $"detected {(unit.Now - failedAt).TotalMilliseconds} ms after the probe failed");
        Assert.Equal(AlarmPriority.High, unit.Open("probe-fault")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);

        Assert.Equal(Interruption.SafetyStop, unit.Causes(CapChannel.A));
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.SafetyStop && i.Started);
        Assert.Equal(lastValid, started.At);
    }

    [Fact]
    public void Repaired_the_unit_stays_safe_until_acknowledged_and_then_cools_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Plant.ProbeFailed = true;
        unit.RunUntil(() => unit.IsRaised("probe-fault"), TimeSpan.FromSeconds(7), "probe-fault alarm");

        unit.Unit.Plant.ProbeFailed = false;
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.False(unit.Open("probe-fault")!.ConditionActive);
        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);

        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Null(unit.Open("probe-fault"));
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
    }
}
