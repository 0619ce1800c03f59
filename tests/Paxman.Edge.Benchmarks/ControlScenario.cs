using System.Diagnostics;
using System.Globalization;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `control`: three laws side by side on the same plant and load profile, in the same run, through the whole engine
/// in lock-step: the unit's law (the PID with feed-forward: pre-chill while a session is prepared, the cap's heat at
/// the valve), today's PID alone (<c>Control:FeedForward=false</c>) and an on/off thermostat baseline (+/-1 C
/// hysteresis, 3-minute minimum on and off times). The profile: power-on chill-down from 22 C; a session is prepared on
/// A at 0:22 and its cap connected at 0:30 (pre-cool starts at once); a session on B is prepared at 0:42 and its cap
/// connected at 0:50, while A treats; A unplugged for 10 minutes at 1:30 and back; both unplugged at 3:30; the run ends
/// at 4:00. Errors are of the true coolant temperature (the plant's, not the noisy sensor's).
/// </summary>
internal static class ControlScenario
{
    private static readonly TimeSpan FirstMinutes = TimeSpan.FromMinutes(5);

    public static int Run(ControlOptions? gains = null)
    {
        var control = gains ?? new ControlOptions();
        var law = Measure("new law", new EngineOptions { Control = With(control, feedForward: true) });
        var pid = Measure("PID", new EngineOptions { Control = With(control, feedForward: false) });
        var baseline = Measure("thermostat", new EngineOptions
        {
            Control = With(control, feedForward: false),
            CompressorLaw = new ThermostatCompressorLaw(control.SetpointC),
        });
        Console.WriteLine();
        Console.WriteLine("                                         new law     PID  thermostat  target");
        Row("max |error|, first cap's first 5 min, C", law.FirstCap, pid.FirstCap, baseline.FirstCap, "<= 0.9");
        Row("max |error|, second cap joining, C", law.SecondCap, pid.SecondCap, baseline.SecondCap, "<= 0.9");
        Row("max |error|, first cap back after break, C", law.Replug, pid.Replug, baseline.Replug, "");
        Row("treated patient's max |error|, C", law.Treated, pid.Treated, baseline.Treated, "<= 0.9");
        Row("band after the first 5 min, +/- C", law.MaxErrorSettled, pid.MaxErrorSettled, baseline.MaxErrorSettled, "0.1");
        Row("IAE while a cap is connected, C min", law.Iae, pid.Iae, baseline.Iae, "<= 1.1 x PID");
        Row("compressor starts per hour", law.StartsPerHour, pid.StartsPerHour, baseline.StartsPerHour, "<= PID");
        Row("refrigeration per treated cap-hour, Wh", law.WhPerCapHour, pid.WhPerCapHour, baseline.WhPerCapHour, "");
        Row("compressor speed-hours per cap-hour, %h", law.PctHoursPerCapHour, pid.PctHoursPerCapHour, baseline.PctHoursPerCapHour, "");
        Console.WriteLine();
        Console.WriteLine(Invariant($"IAE ratio PID/thermostat: {pid.Iae / baseline.Iae:F3} (target <= 0.5); new law/PID: {law.Iae / pid.Iae:F3} (target <= 1.1)"));
        Console.WriteLine(Invariant(
            $"compressor starts ratio PID/thermostat: {pid.StartsPerHour / baseline.StartsPerHour:F3} (target <= 0.25); new law/PID: {law.StartsPerHour / pid.StartsPerHour:F3} (target <= 1)"));
        return 0;
    }

    private static void Row(string what, double law, double pid, double thermostat, string target) =>
        Console.WriteLine(Invariant($"{what,-42}{law,7:F2} {pid,7:F2} {thermostat,11:F2}  {target}"));

    /// <summary>A copy of <paramref name="options"/> with feed-forward on or off.</summary>
    internal static ControlOptions With(ControlOptions options, bool feedForward)
    {
        var copy = new ControlOptions();
        foreach (var property in typeof(ControlOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(copy, property.GetValue(options));
        }

        copy.FeedForward = feedForward;
        return copy;
    }

    internal static Result Measure(string name, EngineOptions options)
    {
        using var rig = SimulatedRig.Offline(new SimulatedUnitOptions(), options: options);
        _ = new StandingNurse(rig.Engine); // a prepared session whose cap is connected is pre-cooled as soon as the unit is ready
        var setpoint = options.Control.SetpointC;
        TimeSpan? ready = null;
        double iae = 0, maxError = 0, maxSettled = 0, treated = 0, refrigerationJ = 0, pctSeconds = 0, capHours = 0;
        var firstMinutes = new double[3]; // the first cap's, the second cap's (joining while the first treats), the first cap back after its break
        var connections = 0;
        var connection = new int[2];
        var connectedAt = new TimeSpan?[2];
        var metering = false;
        (double Minutes, CapChannel Channel, string Step)[] profile =
        [
            (22, CapChannel.A, "prepare"), (30, CapChannel.A, "plug"), (42, CapChannel.B, "prepare"), (50, CapChannel.B, "plug"),
            (90, CapChannel.A, "unplug"), (100, CapChannel.A, "plug"), (210, CapChannel.A, "unplug"), (210, CapChannel.B, "unplug"),
        ];
        var next = 0;
        var watch = Stopwatch.StartNew();
        for (var tick = 1; tick <= 4 * 36_000; tick++)
        {
            var now = TimeSpan.FromMilliseconds(tick * 100);
            while (next < profile.Length && now >= TimeSpan.FromMinutes(profile[next].Minutes))
            {
                var (_, channel, step) = profile[next++];
                switch (step)
                {
                    case "prepare":
                        metering = true;
                        _ = rig.Engine.PostAsync(() => rig.Engine.OpenSession(channel,
                            new NewSessionRequest { PatientRef = $"P-{channel.Name()}", OperatorId = "N-1", Regimen = "default" }).Refusal);
                        break;
                    case "plug":
                        rig.Unit.SetCap(channel, true);
                        connectedAt[(int)channel] = now;
                        connection[(int)channel] = connections++;
                        break;
                    default:
                        rig.Unit.SetCap(channel, false);
                        connectedAt[(int)channel] = null;
                        break;
                }
            }

            rig.Tick();
            ready ??= rig.Engine.Control.Ready ? now : null;
            if (metering)
            {
                refrigerationJ += rig.Unit.Plant.LastStep.Refrigeration * 0.1;
                pctSeconds += rig.Unit.Plant.CompressorPct * 0.1;
                capHours += ((rig.Engine.Output.ValveA ? 1 : 0) + (rig.Engine.Output.ValveB ? 1 : 0)) * 0.1 / 3600;
            }

            if (connectedAt[0] is null && connectedAt[1] is null)
            {
                continue;
            }

            var error = Math.Abs(rig.Unit.Plant.ReservoirC - setpoint);
            iae += error * 0.1;
            maxError = Math.Max(maxError, error);
            var settled = true;
            var anyTreated = false;
            for (var i = 0; i < 2; i++)
            {
                if (connectedAt[i] is not { } at)
                {
                    continue;
                }

                if (now - at <= FirstMinutes)
                {
                    settled = false;
                    var k = Math.Min(connection[i], 2);
                    firstMinutes[k] = Math.Max(firstMinutes[k], error);
                }
                else
                {
                    anyTreated = true;
                }
            }

            // The band is the steady state: not while the loop pre-chills for a session prepared on the other channel
            // (the treated patient's figure holds those minutes).
            if (settled && rig.Engine.Control.TargetC >= setpoint)
            {
                maxSettled = Math.Max(maxSettled, error);
            }

            // The patient already treating sees every error: a pre-chill for the other channel and a second cap's first minutes.
            if (anyTreated)
            {
                treated = Math.Max(treated, error);
            }
        }

        var result = new Result(ready ?? TimeSpan.MaxValue, maxError, maxSettled, iae / 60, rig.Engine.Control.CompressorStarts / 4.0, firstMinutes[0],
            firstMinutes[1], firstMinutes[2], treated, refrigerationJ / 3600 / capHours, pctSeconds / 3600 / capHours);
        Console.WriteLine(Invariant(
            $"{name,-10}: ready after {result.Ready.TotalMinutes:F1} min; first 5 min of the first cap {result.FirstCap:F2} C, the second joining {result.SecondCap:F2} C, the first back after its break {result.Replug:F2} C; treated patient {result.Treated:F2} C; after the first 5 min of each connection, out of pre-chill +/-{result.MaxErrorSettled:F2} C; IAE {result.Iae:F1} C*min; compressor starts {result.StartsPerHour:F2}/h; {result.WhPerCapHour:F0} Wh per treated cap-hour; {watch.Elapsed.TotalSeconds:F1} s real"));
        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal sealed record Result(TimeSpan Ready, double MaxError, double MaxErrorSettled, double Iae, double StartsPerHour, double FirstCap,
        double SecondCap, double Replug, double Treated, double WhPerCapHour, double PctHoursPerCapHour);
}
