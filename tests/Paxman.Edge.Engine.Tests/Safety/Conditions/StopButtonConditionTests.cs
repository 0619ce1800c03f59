using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>STOP: all cooling off at once (within the board's 200 ms debounce), high priority, a stop-button interruption.</summary>
public sealed class StopButtonConditionTests : TestEnvironment
{
    [Fact]
    public void Stop_pressed_during_treatment_cuts_all_cooling_within_200_ms_and_interrupts_the_channel()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        Assert.True(unit.Engine.Output.ValveA);

        var pressedAt = unit.Now;
        unit.Unit.SetStopPressed(true);
        var detection = unit.RunUntil(() => unit.IsRaised("stop-button"), TimeSpan.FromSeconds(1), "stop-button alarm");

        Assert.True(detection <= TimeSpan.FromMilliseconds(300), $"detected after {detection.TotalMilliseconds} ms");
        Assert.Equal(AlarmPriority.High, unit.Open("stop-button")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.True(unit.OutputsSafe);
        var started = Assert.Single(unit.Interruptions, i => i.Cause == Interruption.StopButton && i.Started);
        Assert.Equal(CapChannel.A, started.Channel);
        Assert.True(started.At >= pressedAt);
        Assert.Equal("stop-button", unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void Cooling_resumes_only_after_STOP_is_released_the_alarm_acknowledged_and_the_nurse_resumed()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.SetStopPressed(true);
        unit.Run(TimeSpan.FromSeconds(2));

        // Acknowledged while still pressed: still safe.
        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.True(unit.InSafeState);

        // Released after the acknowledgement: the condition is gone, but an acknowledgement given while STOP was still
        // pressed does not reset it: the unit stays safe until a person acknowledges again.
        unit.Unit.SetStopPressed(false);
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.True(unit.InSafeState);
        Assert.True(unit.Open("stop-button")!.ConditionEnded);

        // Acknowledged now: the safe state ends, but the session waits for the nurse to confirm the cap is still on:
        // only the resume brings cooling back.
        unit.AcknowledgeAll();
        unit.RunUntil(() => !unit.InSafeState, TimeSpan.FromSeconds(1), "safe state left");
        unit.Run(TimeSpan.FromSeconds(30));
        Assert.Null(unit.Open("stop-button"));
        Assert.False(unit.Engine.Output.ValveA);
        Assert.Equal("stop-button", unit.State.Channels[0].Interrupted);

        Assert.Null(unit.Resume(CapChannel.A));
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.True(unit.Engine.Output.ValveA);
        Assert.Contains(unit.Interruptions, i => i.Cause == Interruption.StopButton && !i.Started);
        Assert.Null(unit.State.Channels[0].Interrupted);
    }

    [Fact]
    public void Released_without_acknowledgement_the_unit_stays_safe()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.SetStopPressed(true);
        unit.Run(TimeSpan.FromSeconds(2));
        unit.Unit.SetStopPressed(false);
        unit.Run(TimeSpan.FromMinutes(5));

        Assert.True(unit.InSafeState);
        Assert.True(unit.OutputsSafe);
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("stop-button")!.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.False(unit.InSafeState);
        Assert.Null(unit.Open("stop-button"));
    }
}
