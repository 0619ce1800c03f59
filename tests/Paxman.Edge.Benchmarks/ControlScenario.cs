using System.Diagnostics;
using System.Globalization;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `control`: the PID against an on/off thermostat baseline (+/-1 C hysteresis, 3-minute minimum on and off times)
/// on the same plant and load profile, in the same run, through the whole engine in lock-step:
/// power-on chill-down; cap A connects at 0:30; cap B 20 minutes later; A unplugged for 10 minutes at 1:30 and back;
/// both unplugged at 3:30 (three hours after A connected); the run ends at 4:00. Errors are of the true coolant
/// temperature (the plant's, not the noisy sensor's).
/// </summary>
internal static class ControlScenario
{
    public static int Run(ControlOptions? gains = null)
    {
        var control = gains ?? new ControlOptions();
        var pid = Measure("PID", new EngineOptions { Control = control });
        var baseline = Measure("thermostat", new EngineOptions { Control = control, CompressorLaw = new ThermostatCompressorLaw(control.SetpointC) });
        Console.WriteLine(Invariant($"IAE ratio PID/thermostat: {pid.Iae / baseline.Iae:F3} (target <= 0.5)"));
        Console.WriteLine(Invariant($"compressor starts ratio PID/thermostat: {pid.StartsPerHour / baseline.StartsPerHour:F3} (target <= 0.25)"));
        Console.WriteLine(Invariant($"PID band while a cap is connected: max |error| {pid.MaxError:F2} C, after the first 5 min of each connection {pid.MaxErrorSettled:F2} C (target 0.3)"));
        return 0;
    }

    internal static Result Measure(string name, EngineOptions options)
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions(), options: options);
        _ = new StandingNurse(rig.Engine); // plugged caps are treated: a session is opened and pre-cooled
        var setpoint = options.Control.SetpointC;
        TimeSpan? ready = null;
        double iae = 0, maxError = 0, maxSettled = 0;
        var connectedAt = new TimeSpan?[2];
        (double Minutes, CapChannel Channel, bool Connected)[] profile =
            [(30, CapChannel.A, true), (50, CapChannel.B, true), (90, CapChannel.A, false), (100, CapChannel.A, true), (210, CapChannel.A, false), (210, CapChannel.B, false)];
        var next = 0;
        var watch = Stopwatch.StartNew();
        for (var tick = 1; tick <= 4 * 36_000; tick++)
        {
            var now = TimeSpan.FromMilliseconds(tick * 100);
            while (next < profile.Length && now >= TimeSpan.FromMinutes(profile[next].Minutes))
            {
                var (_, channel, connected) = profile[next++];
                rig.Unit.SetCap(channel, connected);
                connectedAt[(int)channel] = connected ? now : null;
            }

            rig.Tick();
            ready ??= rig.Engine.Control.Ready ? now : null;
            if (connectedAt[0] is null && connectedAt[1] is null)
            {
                continue;
            }

            var error = Math.Abs(rig.Unit.Plant.ReservoirC - setpoint);
            iae += error * 0.1;
            maxError = Math.Max(maxError, error);
            var settled = connectedAt.All(at => at is null || now - at.Value > TimeSpan.FromMinutes(5));
            if (settled)
            {
                maxSettled = Math.Max(maxSettled, error);
            }
        }

        var result = new Result(ready ?? TimeSpan.MaxValue, maxError, maxSettled, iae / 60, rig.Engine.Control.CompressorStarts / 4.0);
        Console.WriteLine(Invariant(
            $"{name,-10}: ready after {result.Ready.TotalMinutes:F1} min; while a cap is connected: max |error| {result.MaxError:F2} C ({result.MaxErrorSettled:F2} C after the first 5 min of each connection), IAE {result.Iae:F1} C*min; compressor starts {result.StartsPerHour:F2}/h; {watch.Elapsed.TotalSeconds:F1} s real"));
        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal sealed record Result(TimeSpan Ready, double MaxError, double MaxErrorSettled, double Iae, double StartsPerHour);

}
