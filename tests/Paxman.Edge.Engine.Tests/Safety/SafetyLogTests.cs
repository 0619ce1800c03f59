using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>
/// The safety layer's log (README, "Logging"): the safe state entered and left with its cause, every alarm change,
/// every MCU latch set and cleared; nothing on a quiet tick, and never a patient reference.
/// </summary>
public sealed class SafetyLogTests : TestEnvironment
{
    private static readonly string Category = typeof(SafetyLog).FullName!;

    private List<LogEntry> SafetyEntries() => [.. Logs.Entries.Where(e => e.Category == Category)];

    [Fact]
    public void STOP_logs_the_safe_state_entered_with_its_cause_each_alarm_change_and_the_safe_state_left_with_the_reset()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        var before = SafetyEntries().Count;

        unit.Unit.SetStopPressed(true);
        unit.RunUntil(() => unit.InSafeState, TimeSpan.FromSeconds(1), "safe state");
        unit.Run(TimeSpan.FromSeconds(1));
        unit.Unit.SetStopPressed(false);
        unit.Run(TimeSpan.FromSeconds(2));
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");

        var entries = SafetyEntries().Skip(before).ToList();
        var entered = Assert.Single(entries, e => e.Message.StartsWith("Safe state entered", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entered.Level);
        Assert.Contains("stop-button", entered.Message, StringComparison.Ordinal);
        var raised = Assert.Single(entries, e => e.Message.StartsWith("Alarm raised: stop-button (high", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, raised.Level);
        Assert.Single(entries, e => e.Message.StartsWith("Alarm cleared: stop-button", StringComparison.Ordinal));
        var left = Assert.Single(entries, e => e.Message.StartsWith("Safe state left", StringComparison.Ordinal));
        Assert.Contains("reset of stop-button", left.Message, StringComparison.Ordinal);
        Assert.True(entries.IndexOf(entered) < entries.IndexOf(left));

        // The session on A belongs to patient "P-A" (the standing nurse's): no safety log line names it.
        Assert.DoesNotContain(Logs.Entries, e => e.Message.Contains("P-A", StringComparison.Ordinal));
    }

    [Fact]
    public void An_MCU_latch_is_logged_when_the_MCU_sets_it_and_again_when_a_person_has_it_cleared()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.Engine.Snapshot.McuLatched.HasFlag(McuFaults.OverCooling), TimeSpan.FromSeconds(2), "latch");
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Single(SafetyEntries(), e => e.Level == LogLevel.Warning && e.Message == "MCU latch set: OverCooling");
        Assert.DoesNotContain(SafetyEntries(), e => e.Message == "MCU latch cleared: OverCooling");

        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        unit.AcknowledgeAll();
        unit.RunUntil(() => unit.Engine.Snapshot.McuLatched == McuFaults.None, TimeSpan.FromSeconds(2), "latch cleared");
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Single(SafetyEntries(), e => e.Message == "MCU latch cleared: OverCooling");
        Assert.Contains(SafetyEntries(), e => e.Message.StartsWith("Alarm acknowledged: mcu-over-cooling", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_quiet_minutes_of_two_channel_treatment_log_nothing_from_the_safety_layer()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.StartCooling(CapChannel.B);
        unit.Run(TimeSpan.FromMinutes(10));
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        var before = SafetyEntries().Count;

        unit.Run(TimeSpan.FromMinutes(10));

        Assert.Equal(before, SafetyEntries().Count);
        Assert.True(unit.Engine.Output.ValveA && unit.Engine.Output.ValveB);
    }
}
