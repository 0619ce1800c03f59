using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety.Conditions;

/// <summary>
/// The cooling-enable relay: its readback must follow what the host drove within 0.5 s (welded, or not closing: high,
/// the safe state), and the relay is proved to open at start-up and, after Safety:RelayProofHours, at an idle moment.
/// </summary>
public sealed class CoolingEnableRelayConditionTests : TestEnvironment
{
    private static readonly FaultChange Welded = new(SimulatedFault.RelayWelded, Active: true);

    private static EngineOptions ProofEvery(double hours) => new() { Safety = new SafetyOptions { RelayProofHours = hours } };

    [Fact]
    public void A_relay_welded_before_start_up_is_caught_by_the_start_up_proof_and_the_MCU_keeps_the_compressor_off()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        unit.Unit.Apply(Welded);

        unit.RunUntil(() => unit.IsRaised("cooling-enable-relay"), TimeSpan.FromSeconds(10), "cooling-enable-relay alarm");
        Assert.Equal(AlarmPriority.High, unit.Open("cooling-enable-relay")!.Priority);
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromMinutes(2));

        // The welded contact leaves the line to the compressor closed; the MCU's SAFE is the stop that still works.
        Assert.True(unit.Unit.Plant.CoolingEnableLine);
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);
        Assert.True(unit.OutputsSafe);
        Assert.False(unit.Engine.Control.EverReady);
    }

    [Fact]
    public void A_healthy_relay_is_held_open_at_start_up_until_its_readback_shows_it_open_then_cooling_starts()
    {
        using var unit = new UnitUnderTest(LoggerFactory, startCoolantC: null);
        var lowWhileLinked = TimeSpan.Zero;
        unit.RunUntil(() =>
        {
            if (unit.Engine.Snapshot.HasStatus && !unit.Unit.Board.CoolingEnable)
            {
                lowWhileLinked += TimeSpan.FromMilliseconds(100);
            }

            return unit.Unit.Board.CoolingEnable;
        }, TimeSpan.FromSeconds(30), "cooling-enable raised");

        // Judged over five ticks of 100 ms from the first STATUS (the tick that raises the line is not counted).
        Assert.InRange(lowWhileLinked, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1.5));
        unit.Run(TimeSpan.FromMinutes(2));
        Assert.Empty(unit.AlarmChanges);
        Assert.True(unit.Unit.Mcu.Drive.CompressorPct > 0);
    }

    [Fact]
    public void A_relay_welded_while_the_unit_idles_is_caught_by_the_proof_at_the_next_idle_moment_once_it_is_due()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: ProofEvery(0.25));
        unit.RunUntilReady();
        unit.Unit.Apply(Welded);

        // Driven closed and reading closed: nothing can show the weld until the relay is driven open.
        unit.Run(TimeSpan.FromMinutes(5));
        Assert.False(unit.IsRaised("cooling-enable-relay"));

        unit.RunUntil(() => unit.IsRaised("cooling-enable-relay"), TimeSpan.FromMinutes(20), "cooling-enable-relay alarm");

        // Due 15 minutes after the start-up proof; the compressor ramps down and stands still, then the line drops.
        Assert.InRange(unit.Uptime, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(16));
        Assert.True(unit.InSafeState);
        unit.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(0, unit.Unit.Mcu.Drive.CompressorPct);
    }

    [Fact]
    public void The_idle_proof_stops_the_compressor_drops_cooling_enable_once_it_stands_still_and_restarts_cooling_without_an_alarm()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: ProofEvery(0.25));
        unit.RunUntilReady();
        var droppedWithCompressorRunning = false;
        var dropped = false;
        unit.RunUntil(() =>
        {
            if (!unit.Unit.Board.CoolingEnable)
            {
                dropped = true;
                droppedWithCompressorRunning |= unit.Unit.Plant.CompressorPct > 0;
            }

            return dropped && unit.Unit.Board.CoolingEnable;
        }, TimeSpan.FromMinutes(30), "the proof's drop and the line back");

        Assert.False(droppedWithCompressorRunning, "cooling-enable broke a running compressor");
        unit.Run(TimeSpan.FromMinutes(5));
        Assert.Empty(unit.AlarmChanges);
        Assert.True(unit.Unit.Mcu.Drive.CompressorPct > 0, "the compressor did not restart after the proof");
    }

    [Fact]
    public void The_idle_proof_never_drops_cooling_enable_while_a_channel_is_treated()
    {
        using var unit = new UnitUnderTest(LoggerFactory, options: ProofEvery(0.25));
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        var dropped = false;
        for (var i = 0; i < 30 * 60 * 10; i++)
        {
            unit.Rig.Tick();
            dropped |= !unit.Unit.Board.CoolingEnable;
        }

        Assert.False(dropped);
        Assert.Empty(unit.AlarmChanges);
    }

    [Fact]
    public void A_broken_readback_wire_reads_open_while_the_relay_is_driven_closed_and_stops_cooling()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Board.BreakWire(BoardPins.CoolingEnableReadback, broken: true);

        var detection = unit.RunUntil(() => unit.IsRaised("cooling-enable-relay"), TimeSpan.FromSeconds(2), "cooling-enable-relay alarm");
        Assert.True(detection <= TimeSpan.FromSeconds(0.7), $"detected after {detection.TotalMilliseconds} ms");
        Assert.True(unit.InSafeState);
    }
}
