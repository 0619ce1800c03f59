using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// Compressor not following: actual speed off the command by more than 20 points for 10 s, or commanded off and
/// still running (its speed no longer falling) for 5 s; high priority. One that does not run only raises the
/// alarm; one that runs when it should not is cut by the safe state.
/// </summary>
public sealed class CompressorNotFollowingConditionTests : TestEnvironment
{
    [Fact]
    public void A_compressor_that_stops_running_is_detected_within_10_s_and_cooling_goes_on()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        Assert.True(unit.Engine.Output.CompressorPct > 20, $"commanded {unit.Engine.Output.CompressorPct} %: too little to deviate by 20 points");

        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        var detection = unit.RunUntil(() => unit.IsRaised("compressor-not-following"), TimeSpan.FromSeconds(30), "compressor-not-following alarm");

        // The 10 s rule, plus one tick for the STATUS with the actual speed to reach the engine.
        Assert.True(detection >= TimeSpan.FromSeconds(10), $"detected after {detection.TotalMilliseconds} ms, before the 10 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(10.1), $"detected after {detection.TotalMilliseconds} ms");
        var occurrence = unit.Open("compressor-not-following")!;
        Assert.Equal(AlarmPriority.High, occurrence.Priority);
        Assert.Contains("does not follow", occurrence.Message, StringComparison.Ordinal);

        // Not the safe state: the compressor is still asked for, the cap still cooled, nothing interrupted.
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.False(unit.InSafeState);
        Assert.False(unit.OutputsSafe);
        Assert.True(unit.Engine.Output.CompressorPct > 0);
        Assert.True(unit.Unit.Mcu.Drive.Pump);
        Assert.True(unit.Unit.Mcu.Drive.ValveA);
        Assert.True(unit.Unit.Board.CoolingEnable);
        Assert.Equal(Interruption.None, unit.Causes(CapChannel.A));
    }

    [Fact]
    public void Once_the_compressor_follows_again_the_alarm_waits_for_acknowledgement_and_then_clears()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.ConnectAndSettle(CapChannel.A);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, true));
        unit.RunUntil(() => unit.IsRaised("compressor-not-following"), TimeSpan.FromSeconds(30), "compressor-not-following alarm");

        // Repaired: it restarts once its pressures have equalised (180 s after it stopped).
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorFail, false));
        unit.RunUntil(() => !unit.Open("compressor-not-following")!.ConditionActive, TimeSpan.FromMinutes(4), "the compressor following again");
        unit.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(AlarmOccurrenceState.Raised, unit.Open("compressor-not-following")!.State);

        unit.AcknowledgeAll();
        unit.Run(TimeSpan.FromMilliseconds(200));
        Assert.Null(unit.Open("compressor-not-following"));
    }

    /// <summary>
    /// The simulated unit has no way to run its compressor against the command (a stop is immediate and the
    /// cooling-enable line is in series), so this branch is driven through the supervisor with the snapshot a
    /// welded compressor contactor would give: commanded off, running at 60 %.
    /// </summary>
    [Fact]
    public void A_compressor_running_when_it_should_not_is_cut_by_the_safe_state_after_5_s()
    {
        var supervisor = new SafetySupervisor(new SafetyOptions(), TimeSpan.TicksPerSecond);
        var tick = TimeSpan.FromMilliseconds(100);
        var start = TimeSpan.FromMinutes(10);
        SafetyVerdict verdict = default;
        var detection = TimeSpan.Zero;
        for (var now = start; now < start + TimeSpan.FromSeconds(20); now += tick)
        {
            var snapshot = new PlantSnapshot
            {
                Timestamp = now.Ticks,
                Uptime = now,
                Link = McuLinkHealth.Linked,
                SupplyC = -4,
                SupplyRawCc = (short)(-400 + (now.Ticks / tick.Ticks % 3)),
                FlowALpm = 1.2,
                CompressorActualPct = 60,
                Board = new BoardInputs(CapA: true, CapB: false, StopPressed: false, McuFault: false),
                Probe = new ProbeReading(-4, now.Ticks, ProbeFault.None),
            };
            var context = new SafetyContext(snapshot, supervisor.Options, setpointC: -4, commandedCompressorPct: 0, everReady: true,
                new ChannelCooling(Demand: true, ValveOpen: true, CapConnectedAt: TimeSpan.Zero), default);
            verdict = supervisor.Evaluate(context, UnitUnderTest.Epoch + now);
            if (verdict.SafeState)
            {
                detection = now - start;
                break;
            }
        }

        Assert.True(verdict.SafeState);

        // The first sample off is the speed's lowest yet; from the next one the 5 s rule runs.
        Assert.Equal(TimeSpan.FromSeconds(5) + tick, detection);
        var occurrence = Assert.Single(supervisor.Alarms.Open);
        Assert.Equal("compressor-not-following", occurrence.Code);
        Assert.Equal(AlarmPriority.High, occurrence.Priority);
        Assert.Contains("runs when it should not", occurrence.Message, StringComparison.Ordinal);
        Assert.Equal(Interruption.SafetyStop, supervisor.Causes(CapChannel.A));
    }

    /// <summary>
    /// Issue 11, gap 6: at its minimum speed (20 %) a compressor that ignores a stop is within the 20-point
    /// deviation band, so the deviation rule never sees it. Commanded 0 while it reports running for 5 s, the unit
    /// goes to its safe state, and the cooling-enable line (in series) stops it.
    /// </summary>
    [Fact]
    public void A_compressor_stuck_at_its_minimum_speed_when_commanded_off_is_cut_through_the_cooling_enable_line_within_5_s()
    {
        // Coolant well below the setpoint (-6 C): control keeps the compressor off; stuck, it runs at its minimum speed.
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: -6);
        unit.Unit.Apply(new FaultChange(SimulatedFault.CompressorStuck, true));
        unit.RunUntil(() => unit.Engine.Control.CommandedCompressorPct == 0 && unit.Engine.Snapshot.CompressorActualPct > 0,
            TimeSpan.FromMinutes(30), "the compressor commanded off and still running");
        Assert.Equal(20, unit.Engine.Snapshot.CompressorActualPct);
        var detection = unit.RunUntil(() => unit.InSafeState, TimeSpan.FromSeconds(30), "the safe state");

        // The 5 s rule, from the second sample off (the first is its lowest speed yet), plus a tick of STATUS.
        Assert.True(detection >= TimeSpan.FromSeconds(5), $"safe after {detection.TotalMilliseconds} ms, before the 5 s rule");
        Assert.True(detection <= TimeSpan.FromSeconds(5.3), $"safe after {detection.TotalMilliseconds} ms");
        var occurrence = unit.Open("compressor-not-following")!;
        Assert.Equal(AlarmPriority.High, occurrence.Priority);
        Assert.Contains("runs when it should not", occurrence.Message, StringComparison.Ordinal);

        unit.Run(TimeSpan.FromMilliseconds(300));
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Unit.Board.CoolingEnable);
        Assert.Equal(0, unit.Engine.Snapshot.CompressorActualPct);
    }

    [Fact]
    public void A_compressor_ramping_down_after_a_stop_is_not_mistaken_for_one_running_when_it_should_not()
    {
        var supervisor = new SafetySupervisor(new SafetyOptions(), TimeSpan.TicksPerSecond);
        var tick = TimeSpan.FromMilliseconds(100);
        var start = TimeSpan.FromMinutes(10);
        var speed = 60.0;
        for (var now = start; now < start + TimeSpan.FromSeconds(30); now += tick)
        {
            // A slow inverter: 5 %/s down from 60 %, reported in whole percent (12 s to stop).
            speed = Math.Max(0, speed - 0.5);
            var snapshot = new PlantSnapshot
            {
                Timestamp = now.Ticks,
                Uptime = now,
                Link = McuLinkHealth.Linked,
                SupplyC = -4,
                SupplyRawCc = (short)(-400 + (now.Ticks / tick.Ticks % 3)),
                FlowALpm = 1.2,
                CompressorActualPct = Math.Floor(speed),
                Board = new BoardInputs(CapA: true, CapB: false, StopPressed: false, McuFault: false),
                Probe = new ProbeReading(-4, now.Ticks, ProbeFault.None),
            };
            var context = new SafetyContext(snapshot, supervisor.Options, setpointC: -4, commandedCompressorPct: 0, everReady: true,
                new ChannelCooling(Demand: true, ValveOpen: true, CapConnectedAt: TimeSpan.Zero), default);
            var verdict = supervisor.Evaluate(context, UnitUnderTest.Epoch + now);
            Assert.False(verdict.SafeState, $"safe state at {now - start} with the compressor at {Math.Floor(speed)} %, still falling");
        }
    }
}
