using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Core.Tests.Control;

/// <summary>Feed-forward at the valve in <see cref="CoolantControl"/> (README, "Control"), stepped tick by tick.</summary>
public sealed class CapHeatFeedForwardTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly SafetyVerdict Cooling = new(SafeState: false, CompressorOff: false);

    [Fact]
    public void A_valve_opening_on_a_warm_cap_runs_the_compressor_at_full_speed_at_once_though_the_coolant_is_at_its_setpoint()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        Assert.True(loop.Control.CommandedCompressorPct < 50, $"{loop.Control.CommandedCompressorPct} %");
        loop.Step(demandA: true);
        Assert.Equal(100, loop.Control.FeedForwardPct);
        Assert.Equal(100, loop.Control.CommandedCompressorPct);

        // The cap's heat: 1,400 J/K from 22 C to the -4 C setpoint.
        Assert.Equal(1400 * 26, loop.Control.CapHeat.HeatLeftJ, precision: 0);
    }

    [Fact]
    public void The_pid_alone_waits_for_the_error()
    {
        var loop = new Loop(new ControlOptions { FeedForward = false });
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        var before = loop.Control.CommandedCompressorPct;
        loop.Step(demandA: true);
        Assert.Equal(0, loop.Control.FeedForwardPct);
        Assert.Equal(before, loop.Control.CommandedCompressorPct, tolerance: 2);
    }

    [Fact]
    public void The_budget_ends_once_the_coolant_has_risen_and_come_back_to_the_setpoint_leaving_each_caps_steady_load()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        loop.Step(demandA: true);
        loop.SupplyC = -3;
        loop.Run(TimeSpan.FromSeconds(30), demandA: true);
        Assert.Equal(100, loop.Control.FeedForwardPct);
        loop.SupplyC = -4;
        loop.Step(demandA: true);
        Assert.Equal(0, loop.Control.CapHeat.HeatLeftJ);
        Assert.Equal(100 * 53 / 312.0, loop.Control.FeedForwardPct, precision: 9);
    }

    [Fact]
    public void Nothing_is_fed_forward_while_the_safe_state_holds_and_a_pending_budget_is_dropped()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        loop.Step(demandA: true);
        Assert.True(loop.Control.CapHeat.HeatLeftJ > 0);

        var output = loop.Step(demandA: true, new SafetyVerdict(SafeState: true, CompressorOff: true));
        Assert.Equal(ControlOutput.Safe, output);
        Assert.Equal(0, loop.Control.FeedForwardPct);
        Assert.Equal(0, loop.Control.CapHeat.HeatLeftJ);
        Assert.Equal(0, loop.Control.CommandedCompressorPct);

        // The valve opening while the safe state still holds brings no feed-forward either.
        var fresh = new Loop(new ControlOptions());
        fresh.Run(TimeSpan.FromMinutes(5), demandA: false, new SafetyVerdict(SafeState: true, CompressorOff: true));
        fresh.Run(TimeSpan.FromSeconds(10), demandA: true, new SafetyVerdict(SafeState: true, CompressorOff: true));
        Assert.Equal(0, fresh.Control.FeedForwardPct);
        Assert.Equal(0, fresh.Control.CommandedCompressorPct);
    }

    [Fact]
    public void The_supervisors_compressor_off_overrides_feed_forward()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        var output = loop.Step(demandA: true, new SafetyVerdict(SafeState: false, CompressorOff: true));
        Assert.Equal(0, output.CompressorPct);
        Assert.Equal(0, loop.Control.FeedForwardPct);
        Assert.Equal(0, loop.Control.CapHeat.HeatLeftJ);
    }

    [Fact]
    public void Nothing_is_fed_forward_during_an_autotune()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        loop.Control.StartAutotune();
        loop.Step(demandA: true);
        Assert.NotNull(loop.Control.Autotune);
        Assert.Equal(0, loop.Control.FeedForwardPct);
        Assert.Equal(0, loop.Control.CapHeat.HeatLeftJ);
    }

    [Fact]
    public void A_cap_back_after_a_short_break_is_expected_cooler_than_the_room()
    {
        var loop = new Loop(new ControlOptions());
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        loop.Run(TimeSpan.FromMinutes(30), demandA: true);
        loop.Run(TimeSpan.FromMinutes(10), demandA: false);
        var expected = loop.Control.CapHeat.ExpectedCapC(CapChannel.A, loop.Now);
        Assert.Equal(22 - (26 * Math.Exp(-10 / 23.0)), expected, precision: 2);
        loop.Step(demandA: true);
        Assert.Equal(1400 * (expected + 4), loop.Control.CapHeat.HeatLeftJ, tolerance: 100);
    }

    [Fact]
    public void A_pre_chilled_reservoir_counts_the_cold_it_holds_against_the_caps_heat()
    {
        var loop = new Loop(new ControlOptions()) { SupplyC = -4.75 };
        loop.Run(TimeSpan.FromMinutes(5), demandA: false);
        loop.Step(demandA: true);
        Assert.Equal((1400 * 26) - (16_000 * 0.75), loop.Control.CapHeat.HeatLeftJ, precision: 0);
    }

    /// <summary>A <see cref="CoolantControl"/> fed one snapshot per tick, the compressor following its command at once.</summary>
    private sealed class Loop(ControlOptions options)
    {
        public CoolantControl Control { get; } = new(options);

        public TimeSpan Now { get; private set; }

        public double SupplyC { get; set; } = -4;

        public void Run(TimeSpan duration, bool demandA, SafetyVerdict? verdict = null)
        {
            var end = Now + duration;
            while (Now < end)
            {
                Step(demandA, verdict);
            }
        }

        public ControlOutput Step(bool demandA, SafetyVerdict? verdict = null)
        {
            Now += Tick;
            var snapshot = new PlantSnapshot
            {
                Timestamp = Now.Ticks,
                Uptime = Now,
                Link = McuLinkHealth.Linked,
                SupplyC = SupplyC,
                CompressorActualPct = Control.CommandedCompressorPct,
                Board = new BoardInputs(CapA: demandA, CapB: false, StopPressed: false, McuFault: false),
                Probe = new ProbeReading(SupplyC, Now.Ticks, ProbeFault.None),
            };
            return Control.Update(snapshot, demandA, demandB: false, verdict ?? Cooling, ControlCues.None);
        }
    }
}
