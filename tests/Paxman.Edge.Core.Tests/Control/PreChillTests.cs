using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Tests.Control;

/// <summary>Pre-chill in <see cref="CoolantControl"/> (README, "Control"), stepped tick by tick on a fixed supply reading.</summary>
public sealed class PreChillTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly SafetyVerdict Cooling = new(SafeState: false, CompressorOff: false);
    private static readonly ControlCues PreparedOnA = new(PreparedA: true, PreparedB: false);

    [Fact]
    public void A_prepared_session_lowers_the_target_along_the_ramp_to_the_offset_and_pre_cool_ends_it_at_once()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(1), PreparedOnA);
        Assert.Equal(-4.25, loop.Control.TargetC, precision: 2);
        loop.Run(TimeSpan.FromMinutes(4), PreparedOnA);
        Assert.Equal(-4.75, loop.Control.TargetC, precision: 9);
        Assert.True(loop.Control.PreChill.Active);

        // Pre-cool starts: the session is no longer prepared, the valve opens.
        loop.Step(ControlCues.None, demandA: true);
        Assert.Equal(-4, loop.Control.TargetC);
        Assert.False(loop.Control.PreChill.Active);
    }

    [Fact]
    public void Pre_chill_ends_after_its_maximum_minutes_even_while_the_session_stays_prepared()
    {
        var loop = new Loop(new ControlOptions { PreChillMaxMinutes = 10 });
        loop.Run(TimeSpan.FromMinutes(9.9), PreparedOnA);
        Assert.Equal(-4.75, loop.Control.TargetC, precision: 9);
        loop.Run(TimeSpan.FromMinutes(0.2), PreparedOnA);
        Assert.Equal(-4, loop.Control.TargetC);
        Assert.False(loop.Control.PreChill.Active);
    }

    [Fact]
    public void Pre_chill_ends_when_the_session_is_aborted()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), PreparedOnA);
        loop.Step(ControlCues.None, demandA: false);
        Assert.Equal(-4, loop.Control.TargetC);
    }

    [Fact]
    public void Pre_chill_is_off_in_the_safe_state_with_the_compressor_off_during_an_autotune_and_when_feed_forward_is_off()
    {
        var safe = new Loop(new ControlOptions());
        safe.Run(TimeSpan.FromMinutes(5), PreparedOnA, new SafetyVerdict(SafeState: true, CompressorOff: true));
        Assert.Equal(-4, safe.Control.TargetC);
        Assert.Equal(0, safe.Control.CommandedCompressorPct);

        var off = new Loop(new ControlOptions());
        off.Run(TimeSpan.FromMinutes(5), PreparedOnA, new SafetyVerdict(SafeState: false, CompressorOff: true));
        Assert.Equal(-4, off.Control.TargetC);

        var autotune = new Loop(new ControlOptions());
        autotune.Control.StartAutotune();
        autotune.Run(TimeSpan.FromMinutes(5), PreparedOnA);
        Assert.NotNull(autotune.Control.Autotune);
        Assert.Equal(-4, autotune.Control.TargetC);

        var pidAlone = new Loop(new ControlOptions { FeedForward = false });
        pidAlone.Run(TimeSpan.FromMinutes(5), PreparedOnA);
        Assert.Equal(-4, pidAlone.Control.TargetC);
    }

    [Fact]
    public void While_pre_chilling_the_compressor_stops_no_deeper_than_a_quarter_degree_inside_the_ready_band()
    {
        var options = new ControlOptions();
        Assert.Equal(-4.5, PreChillBounds.StopAtC(options, 0), precision: 9);
        Assert.Equal(-4.75, PreChillBounds.StopAtC(options, 0.75), precision: 9);
        Assert.Equal(-4.75, PreChillBounds.StopAtC(options, 0.4), precision: 9);
        Assert.Equal(-4.6, PreChillBounds.StopAtC(options, 0.1), precision: 9);
        Assert.Equal(0.75, PreChillBounds.MaxOffsetC(options));
        Assert.Equal(0.35, PreChillBounds.MaxOffsetC(new ControlOptions { ReadyBandC = 0.6 }), precision: 9);
    }

    [Fact]
    public void A_pre_chills_stop_is_judged_on_the_smoothed_supply_so_noise_neither_stops_the_compressor_nor_holds_it_past_the_stop()
    {
        // Readings 0.08 C either side of the true coolant, alternately (the sensor's noise, at its worst): 0.03 C above
        // the stop the compressor holds its minimum speed for a minute; 0.03 C below it, it stops within seconds (a dwell
        // on the raw reading never saw it below for long, and the coolant sank on at minimum speed).
        const double stop = -4.75;
        Assert.Null(FirstStop(new ControlAim(stop, 0, stop, PreChillBounds.StopFilterSeconds), stop + 0.03, TimeSpan.FromMinutes(1)));
        Assert.True(FirstStop(new ControlAim(stop, 0, stop, PreChillBounds.StopFilterSeconds), stop - 0.03, TimeSpan.FromMinutes(1)) <= TimeSpan.FromSeconds(5));

        // The PID's own stop, with no pre-chill, still takes each reading: the first one below stops it.
        Assert.Equal(TimeSpan.FromMilliseconds(200), FirstStop(new ControlAim(stop, 0, stop), stop + 0.03, TimeSpan.FromMinutes(1)));
    }

    // The law at minimum speed on readings alternating 0.08 C about trueC: when it first commands a stop, or null.
    private static TimeSpan? FirstStop(ControlAim aim, double trueC, TimeSpan within)
    {
        var law = new PidCompressorLaw(new ControlOptions());
        for (var now = Tick; now <= within; now += Tick)
        {
            var reading = trueC + (now.Ticks / Tick.Ticks % 2 == 0 ? -0.08 : 0.08);
            if (law.Decide(aim, reading, Tick.TotalSeconds, now, current: 20, changedAt: TimeSpan.Zero) == 0)
            {
                return now;
            }
        }

        return null;
    }

    /// <summary>A <see cref="CoolantControl"/> fed one snapshot per tick, the supply held at <paramref name="supplyC"/>.</summary>
    private sealed class Loop(ControlOptions options, double supplyC = -4)
    {
        private TimeSpan _now;

        public CoolantControl Control { get; } = new(options);

        public void Run(TimeSpan duration, in ControlCues cues, SafetyVerdict? verdict = null)
        {
            var end = _now + duration;
            while (_now < end)
            {
                Step(cues, demandA: false, verdict);
            }
        }

        public ControlOutput Step(in ControlCues cues, bool demandA, SafetyVerdict? verdict = null)
        {
            _now += Tick;
            var snapshot = new PlantSnapshot
            {
                Timestamp = _now.Ticks,
                Uptime = _now,
                Link = McuLinkHealth.Linked,
                SupplyC = supplyC,
                CompressorActualPct = Control.CommandedCompressorPct,
                Board = new BoardInputs(CapA: demandA, CapB: false, StopPressed: false, McuFault: false),
                Probe = new ProbeReading(supplyC, _now.Ticks, ProbeFault.None),
            };
            return Control.Update(snapshot, demandA, demandB: false, verdict ?? Cooling, cues);
        }
    }
}
