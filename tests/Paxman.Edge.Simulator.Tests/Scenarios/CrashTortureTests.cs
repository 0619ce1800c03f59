using System.Globalization;
using System.Text.Json.Nodes;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Simulator.Scenarios;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Simulator.Tests.Scenarios;

/// <summary>
/// Crash torture in the runner: the shipped two-channel day, with the host restarted at seeded random instants and
/// every interrupted channel resumed. Each final record must equal the uninterrupted day's (its committed expected
/// output, which <see cref="ShippedScenarioTests"/> holds equal to a fresh run) in outcome, billing, prescribed and
/// billable post-cool and phase list, differ only by the power-loss interruptions of the restarts it lived through,
/// and appear exactly once, chained intact in the journal.
/// </summary>
public sealed class CrashTortureTests : ScenarioTest
{
    private const string Day = "day-two-channels";
    private const int Runs = 4;
    private const int RestartsPerRun = 5;
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ResumeAfterUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Checkpoint = TimeSpan.FromSeconds(10);

    // A restart must not touch a nurse's or the plant's step, nor a countdown's end: what it shifts would then differ
    // by more than its own interruption (a pre-cool asked for before the coolant is ready again, a cap unplugged
    // before a delayed completion).
    private static readonly TimeSpan ClearBefore = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan ClearAfter = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Spacing = TimeSpan.FromMinutes(10);

    [Fact]
    public void Run_HostRestartedAtSeededInstantsOfADay_EveryRecordMatchesTheUninterruptedDay()
    {
        var scenario = ScenarioParser.Parse(File.ReadAllBytes(Path.Combine(ScenariosFolder, Day + ".json")));
        var baseline = File.ReadAllLines(Path.Combine(ScenariosFolder, Day + ".jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(l => l["type"]!.GetValue<string>() == "record")
            .Select(l => l["record"]!.AsObject())
            .ToDictionary(r => r["sessionId"]!.GetValue<string>());
        var cooling = baseline.Values.Select(r => new Cooling(
            r["channel"]!.GetValue<string>() == "A" ? CapChannel.A : CapChannel.B,
            r["sessionId"]!.GetValue<string>(),
            Device(scenario, r["phases"]![0]!["startedAt"]!),
            Device(scenario, r["endedAt"]!))).ToList();
        var forbidden = Forbidden(scenario, cooling);
        var random = new Random(20260105);
        var instants = 0;
        var interrupted = 0;

        for (var run = 0; run < Runs; run++)
        {
            var restarts = Draw(random, scenario.RunUntil - TimeSpan.FromMinutes(10), forbidden, cooling);
            instants += restarts.Count;
            using var journal = new TempFolder("paxman-torture");
            var output = Run(WithRestarts(scenario, restarts, cooling), journal.Path);
            var where = $"run {run}, restarts at {string.Join(", ", restarts.Select(ScenarioTime.Format))}";

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            var refused = lines.Where(l => l["type"]!.GetValue<string>() == "refused").Select(l => l.ToJsonString()).ToList();
            Assert.True(refused.SequenceEqual(["""{"type":"refused","step":3,"detail":"The coolant is not ready yet (now 7.3 C); wait until the unit shows ready at -4 C, then start pre-cool."}"""]),
                $"{where}: refusals other than the day's own:\n{string.Join('\n', refused)}");
            var records = lines.Where(l => l["type"]!.GetValue<string>() == "record").Select(l => l["record"]!.AsObject()).ToList();
            Assert.True(records.Select(Id).Order().SequenceEqual(baseline.Keys.Order()), $"{where}: records lost or duplicated: {string.Join(", ", records.Select(Id))}");
            foreach (var record in records)
            {
                var session = cooling.Single(c => c.SessionId == Id(record));
                interrupted += restarts.Count(session.Covers);
                AssertSameAsBaseline(baseline[Id(record)], record, restarts.Where(session.Covers).ToList(), scenario, $"{where}, session on {session.Channel.Name()} from {ScenarioTime.Format(session.From)}");
            }

            var verification = JournalVerifier.Verify(journal.Path, RecordChain.ComputeHash);
            Assert.True(verification.Intact, $"{where}: {verification.FirstBrokenLink?.Description}");
            Assert.Equal(baseline.Count, verification.RecordsChecked);
        }

        Assert.True(instants >= 20, $"only {instants} restart instants");
        Assert.True(interrupted >= instants, $"{interrupted} sessions interrupted by {instants} restarts");
    }

    private static void AssertSameAsBaseline(JsonObject expected, JsonObject actual, List<TimeSpan> restarts, Scenario scenario, string where)
    {
        foreach (var field in new[] { "outcome", "abortReason", "billing", "prescribed", "regimenDefault", "startedAt", "patientRef", "channel" })
        {
            Assert.True(JsonNode.DeepEquals(expected[field], actual[field]), $"{where}: {field} {actual[field]?.ToJsonString()}, uninterrupted {expected[field]?.ToJsonString()}");
        }

        Assert.True(JsonNode.DeepEquals(expected["billableSeconds"]!["postcool"], actual["billableSeconds"]!["postcool"]), $"{where}: billable post-cool differs");
        Assert.Equal(Phases(expected), Phases(actual));

        // The interruptions are the uninterrupted day's plus one power-loss per restart the session was cooling through:
        // from its last checkpoint before the host died to the nurse's resume.
        var others = actual["interruptions"]!.AsArray().Where(i => i!["cause"]!.GetValue<string>() != "power-loss").ToList();
        Assert.True(JsonNode.DeepEquals(expected["interruptions"], new JsonArray([.. others.Select(o => o!.DeepClone())])), $"{where}: interruptions other than power-loss differ");
        var powerLoss = actual["interruptions"]!.AsArray().Where(i => i!["cause"]!.GetValue<string>() == "power-loss").ToList();
        Assert.True(powerLoss.Count == restarts.Count, $"{where}: {powerLoss.Count} power-loss interruptions for {restarts.Count} restarts");
        for (var i = 0; i < restarts.Count; i++)
        {
            var started = Device(scenario, powerLoss[i]!["startedAt"]!);
            var ended = Device(scenario, powerLoss[i]!["endedAt"]!);
            Assert.True(started <= restarts[i] && started > restarts[i] - Checkpoint, $"{where}: power-loss from {ScenarioTime.Format(started)} for a restart at {ScenarioTime.Format(restarts[i])}");
            Assert.Equal(restarts[i] + Down + ResumeAfterUp, ended);
        }
    }

    // Instants drawn on whole seconds and tenths, clear of every window, with at least one channel cooling.
    private static List<TimeSpan> Draw(Random random, TimeSpan latest, List<(TimeSpan From, TimeSpan To)> forbidden, List<Cooling> cooling)
    {
        var picked = new List<TimeSpan>();
        for (var attempt = 0; picked.Count < RestartsPerRun && attempt < 100_000; attempt++)
        {
            var t = TimeSpan.FromMilliseconds(100L * random.NextInt64(600, (long)(latest.TotalMilliseconds / 100)));
            if (forbidden.Any(w => t >= w.From && t <= w.To) || !cooling.Any(c => c.Covers(t)) || picked.Any(p => (p - t).Duration() < Spacing))
            {
                continue;
            }

            picked.Add(t);
        }

        Assert.Equal(RestartsPerRun, picked.Count);
        return [.. picked.Order()];
    }

    private static List<(TimeSpan From, TimeSpan To)> Forbidden(Scenario scenario, List<Cooling> cooling)
    {
        var windows = new List<(TimeSpan, TimeSpan)>();
        var steps = scenario.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            windows.Add((step.At - ClearBefore, step.At + ClearAfter));

            // A fault or an unplugged cap, from when it starts to when it ends.
            var end = step.Action switch
            {
                ScenarioAction.Fault when step.Fault.Active => steps.Skip(i + 1).FirstOrDefault(s => s.Action == ScenarioAction.Fault && s.Fault.Fault == step.Fault.Fault && !s.Fault.Active),
                ScenarioAction.Cap when !step.On => steps.Skip(i + 1).FirstOrDefault(s => s.Action == ScenarioAction.Cap && s.Channel == step.Channel && s.On),
                _ => null,
            };
            if (end is not null)
            {
                windows.Add((step.At - ClearBefore, end.At + ClearAfter));
            }
        }

        windows.AddRange(cooling.Select(c => (c.To - ClearBefore, c.To + ClearAfter)));
        return windows;
    }

    private static Scenario WithRestarts(Scenario scenario, List<TimeSpan> restarts, List<Cooling> cooling)
    {
        var index = scenario.Steps.Count;
        var added = new List<ScenarioStep>();
        foreach (var t in restarts)
        {
            added.Add(new ScenarioStep { Index = index++, At = t, Action = ScenarioAction.Restart, Down = Down });
            foreach (var c in cooling.Where(c => c.Covers(t)).OrderBy(c => c.Channel))
            {
                added.Add(new ScenarioStep { Index = index++, At = t + Down + ResumeAfterUp, Action = ScenarioAction.Resume, Channel = c.Channel, OperatorId = "RN-TORTURE" });
            }
        }

        return scenario with { Steps = [.. scenario.Steps.Concat(added).OrderBy(s => s.At)] };
    }

    private static string[] Phases(JsonObject record) => [.. record["phases"]!.AsArray().Select(p => p!["phase"]!.GetValue<string>())];

    private static string Id(JsonObject record) => record["sessionId"]!.GetValue<string>();

    private static TimeSpan Device(Scenario scenario, JsonNode stamp) =>
        DateTimeOffset.Parse(stamp.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) - scenario.Epoch;

    // A session's cooling, in device time: from pre-cool's start to its end in the uninterrupted day.
    private sealed record Cooling(CapChannel Channel, string SessionId, TimeSpan From, TimeSpan To)
    {
        public bool Covers(TimeSpan t) => t > From && t < To;
    }
}
