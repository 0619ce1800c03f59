using System.Globalization;
using CsCheck;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>
/// Model-based test: random sequences of nurse actions, cap events, faults (flow loss, coolant too warm, a safety
/// trip), STOP presses and host restarts, run on the session manager and on <see cref="SessionModel"/> side by side.
/// After every step each channel's state and every refusal must agree, and every final record must equal the model's
/// exactly (outcome, reason, stamps, phases with their seconds, billable seconds, interruptions, billing lines, alarm
/// codes). Exact because the manager is driven at its own level, with the supervisor's interruptions as inputs.
/// <para>
/// Time-boxed: <c>PAXMAN_MODEL_SECONDS</c> (default 60) seconds of sequences on every core. A failure prints CsCheck's
/// seed and the shrunk sequence; set <c>CsCheck_Seed</c> to that seed to replay it.
/// </para>
/// </summary>
public sealed class SessionModelTests
{
    private const string Midpoint = "cpt-2026/midpoint";
    private static readonly string?[] AbortChoices = ["patient-request", "patient-unwell", "infusion-cancelled", "device-fault", "other", "power-loss", null];

    [Fact]
    public void Manager_RandomSequences_AlwaysMatchTheModel()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("PAXMAN_MODEL_SECONDS") ?? "60", CultureInfo.InvariantCulture);
        var stats = new ModelStats();

        Scenarios.Sample(s => Run(s, stats), time: seconds, print: s => s.ToString());

        var summary = stats.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine($"SessionModelTests: {summary}");

        // The sequences reached what they are for; a generator that never gets there would prove nothing.
        Assert.True(stats.Sequences >= 100, summary);
        Assert.True(stats.Completed > 0 && stats.FinishedEarly > 0 && stats.Aborted > 0, summary);
        Assert.True(stats.WindowAborts > 0 && stats.Restarts > 0 && stats.Resumes > 0 && stats.Refusals > 0, summary);
        Assert.True(stats.CompletedWithInterruptions > 0 && stats.CapOffLong > 0, summary);
    }

    [Fact]
    public void Model_ScriptedSessions_AgreeWithTheManager()
    {
        // A pinned sequence: a session with a bathroom break, a flow loss, a STOP and a restart, both billing rules.
        foreach (var rule in new[] { SessionModel.FullIncrements, Midpoint })
        {
            var stats = new ModelStats();
            ModelStep[] steps =
            [
                new(ModelStepKind.Open, CapChannel.A, 0, 0), new(ModelStepKind.Open, CapChannel.B, 1, 0),
                new(ModelStepKind.Precool, CapChannel.A, 0, 0), new(ModelStepKind.Precool, CapChannel.B, 0, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 20 * 60_000), new(ModelStepKind.Cap, CapChannel.A, 0, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 4 * 60_000), new(ModelStepKind.Cap, CapChannel.A, 1, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 15 * 60_000), new(ModelStepKind.InfusionStart, CapChannel.A, 0, 0),
                new(ModelStepKind.InfusionStart, CapChannel.B, 0, 0), new(ModelStepKind.Fault, CapChannel.A, 0, 3000),
                new(ModelStepKind.Wait, CapChannel.A, 0, 90_000), new(ModelStepKind.Fault, CapChannel.A, 1, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 30 * 60_000), new(ModelStepKind.InfusionEnd, CapChannel.A, 0, 0),
                new(ModelStepKind.InfusionEnd, CapChannel.B, 0, 0), new(ModelStepKind.Stop, CapChannel.A, 1, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 5_000), new(ModelStepKind.Stop, CapChannel.A, 0, 0),
                new(ModelStepKind.Acknowledge, CapChannel.A, 0, 0), new(ModelStepKind.Wait, CapChannel.A, 0, 60_000),
                new(ModelStepKind.Resume, CapChannel.A, 0, 0), new(ModelStepKind.Wait, CapChannel.A, 0, 10 * 60_000),
                new(ModelStepKind.Restart, CapChannel.A, 0, 45_000), new(ModelStepKind.Resume, CapChannel.A, 0, 0),
                new(ModelStepKind.Wait, CapChannel.A, 0, 13 * 60_000), new(ModelStepKind.Wait, CapChannel.A, 0, 90 * 60_000),
            ];

            Run(new ModelScenario(2, 100, rule, 10, 10, 7, steps), stats);

            Assert.Equal(2, stats.Records);
            Assert.Equal(1, stats.Completed);
            Assert.Equal(1, stats.WindowAborts);
        }
    }

    private static Gen<ModelScenario> Scenarios { get; } =
        from ticks in Gen.Int[0, 4]
        from tickMs in Gen.Int[500, 9_999]
        from rule in Gen.OneOf(Gen.Const(SessionModel.FullIncrements), Gen.Const(Midpoint))
        from window in Gen.Frequency((4, Gen.Const(10.0)), (1, Gen.Int[1, 30].Select(i => (double)i)))
        from capOff in Gen.Frequency((4, Gen.Const(10.0)), (1, Gen.Int[1, 30].Select(i => (double)i)))
        from seed in Gen.Int
        from steps in Step(fine: ticks <= 2).Array[5, 70]
        select new ModelScenario(ticks, tickMs, rule, window, capOff, seed, steps);

    private static Gen<ModelStep> Step(bool fine)
    {
        var channel = Gen.Frequency((3, Gen.Const(CapChannel.A)), (1, Gen.Const(CapChannel.B)));
        Gen<ModelStep> Of(ModelStepKind kind, Gen<int> arg, Gen<long> millis) =>
            Gen.Select(channel, arg, millis).Select(t => new ModelStep(kind, t.Item1, t.Item2, t.Item3));
        var none = Gen.Const(0);
        var zero = Gen.Const(0L);
        var wait = fine
            ? Gen.Frequency((3, Gen.Long[100, 3_000]), (3, Gen.Long[3_000, 60_000]), (2, Gen.Long[60_000, 180_000]))
            : Gen.Frequency((2, Gen.Long[100, 20_000]), (3, Gen.Long[20_000, 600_000]), (3, Gen.Long[600_000, 2_700_000]));
        return Gen.Frequency(
            (6, Of(ModelStepKind.Open, Gen.Frequency((8, Gen.Int[0, 5]), (2, Gen.Int[6, 9])), zero)),
            (8, Of(ModelStepKind.Precool, none, zero)),
            (7, Of(ModelStepKind.InfusionStart, none, zero)),
            (7, Of(ModelStepKind.InfusionEnd, none, zero)),
            (1, Of(ModelStepKind.Finish, none, zero)),
            (6, Of(ModelStepKind.Resume, none, zero)),
            (1, Of(ModelStepKind.Abort, Gen.Int[0, AbortChoices.Length - 1], zero)),
            (5, Of(ModelStepKind.Cap, Gen.Int[0, 1], zero)),
            (5, Of(ModelStepKind.Fault, Gen.Int[0, 3], Gen.Frequency((2, Gen.Const(0L)), (1, Gen.Long[1, 5_000])))),
            (2, Of(ModelStepKind.Stop, Gen.Frequency((1, Gen.Const(0)), (1, Gen.Const(1)), (3, Gen.Const(2))), zero)),
            (1, Of(ModelStepKind.Trip, Gen.Frequency((1, Gen.Const(0)), (1, Gen.Const(1)), (3, Gen.Const(2))), zero)),
            (3, Of(ModelStepKind.Acknowledge, none, zero)),
            (1, Of(ModelStepKind.Ready, Gen.Frequency((1, Gen.Const(0)), (3, Gen.Const(1))), zero)),
            (20, Of(ModelStepKind.Wait, none, wait)),
            (2, Of(ModelStepKind.Restart, none, Gen.Frequency((3, Gen.Long[1_000, 60_000]), (1, Gen.Long[60_000, 1_200_000])))));
    }

    private static void Run(ModelScenario scenario, ModelStats stats)
    {
        var options = new SessionOptions { ResumeWindowMinutes = scenario.WindowMinutes, CapOffAlarmMinutes = scenario.CapOffMinutes };
        var bench = new SessionBench(options, scenario.Rule);
        var model = new SessionModel(options, scenario.Rule);
        var random = new Random(scenario.Seed);
        var maxDt = TimeSpan.Zero;
        long ticks = 0;
        bench.BeforeStep = input =>
        {
            ticks++;
            foreach (var ch in CapChannels.All)
            {
                var cap = input.CapConnected(ch);
                if (model.Demand(ch, cap) != bench.Manager.WantsCooling(ch, cap))
                {
                    Assert.Fail($"at {input.Now}: channel {ch.Name()} wants cooling {bench.Manager.WantsCooling(ch, cap)}, the model says {model.Demand(ch, cap)}");
                }
            }

            model.Step(input);
        };
        bench.BeforeRecover = (rows, _) => model.Restart(rows);
        TimeSpan Dt()
        {
            var dt = scenario.Ticks switch
            {
                0 => TimeSpan.FromMilliseconds(97),
                1 => TimeSpan.FromMilliseconds(100),
                2 => TimeSpan.FromTicks(random.Next(500_000, 1_500_001)),
                3 => TimeSpan.FromMilliseconds(scenario.TickMs),
                _ => TimeSpan.FromTicks(random.Next(scenario.TickMs * 5_000, scenario.TickMs * 15_000)),
            };
            maxDt = dt > maxDt ? dt : maxDt;
            return dt;
        }

        bool stopHeld = false, trip = false;
        var compared = 0;
        foreach (var step in scenario.Steps)
        {
            var ch = step.Channel;
            var now = bench.Now;
            bool? expected = null;
            SessionRefusal? actual = null;
            var acts = true;
            switch (step.Kind)
            {
                case ModelStepKind.Open:
                    var request = Request(bench, step.Arg);
                    expected = model.Open(ch, request, now);
                    actual = bench.Open(ch, request).Refusal;
                    break;
                case ModelStepKind.Precool:
                    expected = model.Precool(ch, now, bench.Ready, bench.SafeState, bench.CapConnected(ch));
                    actual = bench.Precool(ch);
                    break;
                case ModelStepKind.InfusionStart:
                    expected = model.InfusionStart(ch, now);
                    actual = bench.InfusionStart(ch);
                    break;
                case ModelStepKind.InfusionEnd:
                    expected = model.InfusionEnd(ch, now);
                    actual = bench.InfusionEnd(ch);
                    break;
                case ModelStepKind.Finish:
                    expected = model.Finish(ch, now);
                    actual = bench.Finish(ch);
                    break;
                case ModelStepKind.Resume:
                    expected = model.Resume(ch, now, bench.SafeState, bench.CapConnected(ch));
                    actual = bench.Resume(ch);
                    if (actual is null)
                    {
                        stats.Resume();
                    }

                    break;
                case ModelStepKind.Abort:
                    expected = model.Abort(ch, AbortChoices[step.Arg], now);
                    actual = bench.Abort(ch, AbortChoices[step.Arg]);
                    break;
                default:
                    acts = false;
                    Apply(bench, step, ref stopHeld, ref trip, Dt, maxDt);
                    break;
            }

            if (acts)
            {
                Assert.True((expected is null) == (actual is null),
                    $"{step} at {now}: the model says {(expected is null ? "done" : "refused")}, the manager {(actual is null ? "did it" : $"refused: {actual.Detail}")}");
                if (actual is not null)
                {
                    Assert.True(expected == actual.IsConflict, $"{step} at {now}: 409 is {actual.IsConflict}, the model says {expected}: {actual.Detail}");
                    RefusalAssert.NurseReadable(actual.Detail);
                    stats.Refusal();
                }
            }

            if (step.Kind == ModelStepKind.Restart)
            {
                stats.Restart();
            }

            compared = Compare(bench, model, step, compared);
        }

        // Let what ends by itself run out (a post-cool countdown, a resume window), then compare once more. The
        // ticks stay as generated: the model and the manager see the same ones whatever they are.
        bench.SafeState = false;
        bench.CapA = bench.CapB = true;
        var limit = bench.Now + TimeSpan.FromHours(4);
        while (bench.Now < limit && CapChannels.All.Any(c => bench.Session(c) is { IsFinal: false } s && (s.Phase == SessionPhase.Postcool || s.AwaitingResume is not null)))
        {
            RunFor(bench, TimeSpan.FromMinutes(1), scenario.Fine ? () => TimeSpan.FromTicks(random.Next(1_000_000, 50_000_000)) : Dt);
        }

        Compare(bench, model, new ModelStep(ModelStepKind.Wait, CapChannel.A, 0, 0), compared);
        stats.Sequence(ticks, model.Ended, bench.AlarmChanges.Any(c => c.Occurrence.Code == "cap-off-long"));
    }

    private static int Compare(SessionBench bench, SessionModel model, ModelStep step, int compared)
    {
        foreach (var ch in CapChannels.All)
        {
            var actual = bench.Session(ch);
            var expected = model[ch];
            Assert.True(model.Phase(ch) == bench[ch].Phase, $"after {step} at {bench.Now}: channel {ch.Name()} is {bench[ch].Phase.Name()}, the model says {model.Phase(ch).Name()}");
            Assert.Equal(expected?.SessionId, actual?.SessionId);
            if (expected is { Busy: true })
            {
                Assert.True(expected.Awaiting == actual!.AwaitingResume, $"after {step} at {bench.Now}: channel {ch.Name()} awaits {actual.AwaitingResume}, the model says {expected.Awaiting}");
            }
        }

        Assert.True(model.Ended.Count == bench.Records.Count,
            $"after {step} at {bench.Now}: {bench.Records.Count} records, the model ended {model.Ended.Count} sessions");
        for (var i = compared; i < model.Ended.Count; i++)
        {
            Assert.Equal(model.Fingerprint(model.Ended[i]), SessionModel.Fingerprint(bench.Records[i]));
        }

        return model.Ended.Count;
    }

    private static void Apply(SessionBench bench, ModelStep step, ref bool stopHeld, ref bool trip, Func<TimeSpan> dt, TimeSpan maxDt)
    {
        var on = step.Arg == 1;
        switch (step.Kind)
        {
            case ModelStepKind.Cap:
                bench.SetCap(step.Channel, on);
                break;
            case ModelStepKind.Fault:
                var cause = step.Arg < 2 ? Interruption.FlowLoss : Interruption.CoolantWarm;
                bench.SetFault(step.Channel, cause, step.Arg % 2 == 0, visibleAfter: TimeSpan.FromMilliseconds(step.Millis));
                break;
            case ModelStepKind.Stop:
                // 1 presses and holds STOP, 0 releases it, 2 is a press released and acknowledged a tick later.
                stopHeld = step.Arg != 0;
                if (stopHeld)
                {
                    bench.SafeCause = Interruption.StopButton;
                    bench.SafeState = true;
                }

                if (step.Arg == 2)
                {
                    bench.Tick(dt());
                    stopHeld = false;
                    bench.SafeState = trip;
                }

                break;
            case ModelStepKind.Trip:
                // A condition that demands the safe state (1 appears, 0 clears, 2 appears, clears and is acknowledged).
                trip = step.Arg != 0;
                if (trip && !bench.SafeState)
                {
                    bench.SafeCause = Interruption.SafetyStop;
                    bench.SafeState = true;
                }

                if (step.Arg == 2)
                {
                    bench.Tick(dt());
                    bench.Tick(dt());
                    trip = false;
                    bench.SafeState = stopHeld;
                }

                break;
            case ModelStepKind.Acknowledge:
                // The safe state ends once its conditions are gone and a person has acknowledged the alarms.
                if (!stopHeld && !trip)
                {
                    bench.SafeState = false;
                }

                break;
            case ModelStepKind.Ready:
                bench.Ready = on;
                break;
            case ModelStepKind.Wait:
                RunFor(bench, TimeSpan.FromMilliseconds(step.Millis), dt);
                break;
            case ModelStepKind.Restart:
                // Each open session's newest row is at most one checkpoint period (plus a tick) older than the host's
                // death, or than the host's start when this host wrote none.
                foreach (var ch in CapChannels.All)
                {
                    if (bench.Session(ch) is { IsFinal: false } open)
                    {
                        var row = bench.LastRow[open.SessionId].Timeline;
                        var age = bench.Now - (row > bench.HostStart ? row : bench.HostStart);
                        Assert.True(age <= TimeSpan.FromSeconds(bench.Options.CheckpointSeconds) + maxDt,
                            $"channel {ch.Name()}'s newest row is {age} old at {bench.Now}");
                    }
                }

                bench.Restart(TimeSpan.FromMilliseconds(step.Millis));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    private static void RunFor(SessionBench bench, TimeSpan duration, Func<TimeSpan> dt)
    {
        var end = bench.Now + duration;
        while (bench.Now < end)
        {
            var step = dt();
            bench.Tick(end - bench.Now < step ? end - bench.Now : step);
        }
    }

    private static NewSessionRequest Request(SessionBench bench, int variant) => variant switch
    {
        0 => bench.Request(),
        1 => bench.Request("docetaxel", initialFitting: false),
        2 => bench.Request("paclitaxel"),
        3 => bench.Request(thickHair: true, initialFitting: false),
        4 => bench.Request("docetaxel", post: 15, reason: "patient-tolerance"),
        5 => bench.Request("docetaxel", pre: 5, post: 16, reason: "other"),
        6 => bench.Request(post: 60),
        7 => bench.Request("cisplatin"),
        8 => bench.Request() with { PatientRef = new string('p', 65) },
        _ => bench.Request() with { OperatorId = " " },
    };
}
