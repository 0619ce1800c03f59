using System.Globalization;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Control;

/// <summary>
/// Pre-chill's strict bounds (README, "Control") on the whole simulated unit, over every configuration start-up
/// accepts: offsets, ready bands, setpoints, lead times (prepared to pre-cool or abort), the time limit and the room's
/// temperature, with or without a patient already treated on the other channel. A failure prints the case and a seed
/// (replay with <c>CsCheck_Seed=&lt;seed&gt;</c>).
/// </summary>
public sealed class PreChillPropertyTests : TestEnvironment
{
    private static readonly Gen<Case> Cases =
        from setpoint in Gen.Double[-7.5, 2]
        from readyBand in Gen.Double[0.3, 1.5]
        from offsetShare in Gen.Double[0, 1.4]
        from maxMinutes in Gen.Double[0, 30]
        from leadMinutes in Gen.Double[0, 35]
        from ambient in Gen.Double[PreChillBounds.RatedAmbientMinC, PreChillBounds.RatedAmbientMaxC]
        from otherTreated in Gen.Bool
        from abort in Gen.Bool
        from seed in Gen.Int[1, 1000]
        select new Case(Math.Round(setpoint, 2), Math.Round(readyBand, 2), Math.Round(offsetShare * 0.75, 2), Math.Round(maxMinutes, 1),
            Math.Round(leadMinutes, 1), Math.Round(ambient, 1), otherTreated, abort, seed);

    // 80 cases in the suite; PAXMAN_PROPERTY_ITER=2000 for a longer search (README, "Control").
    private static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("PAXMAN_PROPERTY_ITER"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 80;

    [Fact]
    public void Pre_chill_never_crosses_the_over_cooling_limit_nor_its_bounds_whatever_configuration_start_up_accepts()
    {
        using var folder = new TempFolder();
        var accepted = 0;
        Cases.Sample(c =>
        {
            if (Accepted(c, folder.File("data")) is not { } options)
            {
                return true; // start-up refuses it: the unit never runs it
            }

            accepted++;
            return Holds(c, options);
        }, iter: Iterations, threads: 1, print: c => c.ToString());
        Assert.True(accepted >= 10, $"only {accepted} accepted configurations were run");
    }

    [Fact]
    public void Start_up_refuses_a_pre_chill_offset_beyond_its_bounds_naming_the_key()
    {
        using var folder = new TempFolder();
        var tooDeep = Assert.Throws<ConfigurationProblemException>(() => Load(folder.File("data"), ("Control:PreChillOffsetC", "0.8")));
        Assert.StartsWith("Control:PreChillOffsetC:", tooDeep.Message, StringComparison.Ordinal);
        var outOfBand = Assert.Throws<ConfigurationProblemException>(() =>
            Load(folder.File("data"), ("Control:ReadyBandC", "0.8"), ("Control:PreChillOffsetC", "0.6")));
        Assert.StartsWith("Control:PreChillOffsetC:", outOfBand.Message, StringComparison.Ordinal);
        var tooLong = Assert.Throws<ConfigurationProblemException>(() => Load(folder.File("data"), ("Control:PreChillMaxMinutes", "31")));
        Assert.StartsWith("Control:PreChillMaxMinutes:", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal(0.55, Load(folder.File("data"), ("Control:ReadyBandC", "0.8"), ("Control:PreChillOffsetC", "0.55")).Control.PreChillOffsetC);
        var narrowBand = Assert.Throws<ConfigurationProblemException>(() => Load(folder.File("data"), ("Control:ReadyBandC", "0.7")));
        Assert.StartsWith("Control:ReadyBandC:", narrowBand.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_refuses_a_pre_chill_that_could_reach_the_over_cooling_alarm_naming_the_key()
    {
        using var folder = new TempFolder();

        // -6.8 less 0.75 and the stop's 0.25 inside the band is -7.8: within 0.5 C of the -8 C alarm.
        var refused = Assert.Throws<ConfigurationProblemException>(() => Load(folder.File("data"), ("Control:SetpointC", "-6.8")));
        Assert.StartsWith("Control:PreChillOffsetC:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Safety:OverCoolingC", refused.Message, StringComparison.Ordinal);

        // The same setpoint without pre-chill is accepted, as before.
        Assert.Equal(-6.8, Load(folder.File("data"), ("Control:SetpointC", "-6.8"), ("Control:PreChillOffsetC", "0")).Control.SetpointC);
        Assert.Equal(-6.8, Load(folder.File("data"), ("Control:SetpointC", "-6.8"), ("Control:FeedForward", "false")).Control.SetpointC);
    }

    private static EngineOptions Load(string storage, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Storage:Path"] = storage };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return EdgeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).Engine;
    }

    private static EngineOptions? Accepted(Case c, string storage)
    {
        try
        {
            return Load(storage, ("Control:SetpointC", Text(c.SetpointC)), ("Control:ReadyBandC", Text(c.ReadyBandC)),
                ("Control:PreChillOffsetC", Text(c.OffsetC)), ("Control:PreChillMaxMinutes", Text(c.MaxMinutes)));
        }
        catch (ConfigurationProblemException)
        {
            return null;
        }
    }

    private static bool Holds(Case c, EngineOptions options)
    {
        var control = options.Control;
        var overCooling = options.Safety.OverCoolingC;
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions { Seed = c.Seed, AmbientC = c.AmbientC, StartCoolantC = c.SetpointC }, options: options);
        _ = new StandingNurse(rig.Engine);
        var engine = rig.Engine;
        Run(rig, () => engine.Control.Ready, TimeSpan.FromMinutes(40), "ready");
        if (c.OtherTreated)
        {
            rig.Unit.SetCap(CapChannel.B, true);
            Run(rig, () => engine.Sessions[CapChannel.B].Phase == SessionPhase.Precool, TimeSpan.FromSeconds(5), "B in pre-cool");
            rig.Run(TimeSpan.FromMinutes(10)); // past the cap's own heat
            Run(rig, () => engine.Control.Ready, TimeSpan.FromMinutes(10), "ready with B treated");
        }

        // A session prepared on A; its cap is fitted for the lead time, then connected and pre-cooled (or the session aborted).
        var opened = engine.PostAsync(() => engine.OpenSession(CapChannel.A,
            new NewSessionRequest { PatientRef = "P-A", OperatorId = "N-1", Regimen = "default" }).Refusal);
        rig.Tick();
        Assert.Null(opened.Result);
        var preparedAt = engine.Snapshot.Uptime;
        var maxOffset = Math.Min(control.PreChillOffsetC, PreChillBounds.MaxOffsetC(control));
        var limit = TimeSpan.FromMinutes(control.PreChillMaxMinutes);
        var end = rig.Clock.Elapsed + TimeSpan.FromMinutes(c.LeadMinutes);
        while (rig.Clock.Elapsed < end)
        {
            rig.Tick();
            Check(c, rig, overCooling, maxOffset, preChilling: true);
            // Readiness holds throughout: start-up accepts only ready bands ReadyMarginC wider than the compressor's stop.
            Assert.True(engine.Control.Ready, $"{c}: not ready {engine.Snapshot.Uptime - preparedAt} after the session was prepared (supply {engine.Snapshot.SupplyC})");
            if (engine.Snapshot.Uptime - preparedAt > limit)
            {
                Assert.True(engine.Control.PreChill.OffsetC == 0, $"{c}: still pre-chilling {engine.Snapshot.Uptime - preparedAt} after the session was prepared");
            }
        }

        if (c.Abort)
        {
            var aborted = engine.PostAsync(() => engine.Act(CapChannel.A, SessionAction.Abort, reason: AbortReasons.PatientRequest));
            rig.Tick();
            Assert.Null(aborted.Result);
            Assert.Equal(SessionPhase.Done, engine.Sessions[CapChannel.A].Phase);
        }
        else
        {
            // Pre-cool is never refused for readiness: the nurse's request is taken in the next tick.
            rig.Unit.SetCap(CapChannel.A, true);
            Run(rig, () => engine.Sessions[CapChannel.A].Phase == SessionPhase.Precool, TimeSpan.FromSeconds(1), "A in pre-cool");
        }

        // Pre-chill has ended, and nothing below crosses the over-cooling limit afterwards either.
        Assert.Equal(control.SetpointC, engine.Control.TargetC);
        Assert.False(engine.Control.PreChill.Active);
        var after = rig.Clock.Elapsed + TimeSpan.FromMinutes(5);
        while (rig.Clock.Elapsed < after)
        {
            rig.Tick();
            Check(c, rig, overCooling, maxOffset, preChilling: false);
            Assert.Equal(control.SetpointC, engine.Control.TargetC);
        }

        return true;
    }

    // The treated patient's bound is pre-chill's (the second cap's own heat, once connected, is the valve's feed-forward's).
    private static void Check(Case c, SimulatedRig rig, double overCooling, double maxOffset, bool preChilling)
    {
        var engine = rig.Engine;
        var setpoint = engine.Control.SetpointC;
        var coolant = rig.Unit.Plant.ReservoirC;
        Assert.True(coolant > overCooling + 0.25, $"{c}: coolant {coolant:F2} C near the over-cooling limit {overCooling} C");
        Assert.DoesNotContain(engine.Safety.Alarms.Open, a => a.Condition.Code.Contains("over-cooling", StringComparison.Ordinal));
        Assert.True(engine.Control.PreChill.OffsetC <= maxOffset + 1e-9, $"{c}: offset {engine.Control.PreChill.OffsetC} beyond {maxOffset}");
        Assert.True(engine.Control.TargetC >= setpoint - maxOffset - 1e-9, $"{c}: target {engine.Control.TargetC}");
        if (c.OtherTreated && preChilling)
        {
            Assert.True(Math.Abs(coolant - setpoint) <= 0.9, $"{c}: the patient treated on B saw the coolant {coolant - setpoint:+0.00;-0.00} C off the setpoint");
        }
    }

    private static void Run(SimulatedRig rig, Func<bool> until, TimeSpan within, string what)
    {
        var end = rig.Clock.Elapsed + within;
        while (!until())
        {
            Assert.True(rig.Clock.Elapsed < end, $"not {what} within {within}");
            rig.Tick();
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Case(double SetpointC, double ReadyBandC, double OffsetC, double MaxMinutes, double LeadMinutes, double AmbientC, bool OtherTreated,
        bool Abort, int Seed);
}
