using CsCheck;
using Paxman.Edge.Core.Billing;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// The billing lines of whole sessions (README, "Session record", billing lines): aborts in every phase, no pre-cool,
/// initialFitting false, both rules at their boundaries, and the invariant that a completed session bills exactly its
/// prescribed post-cool, whatever the interruptions and whatever the ticks (97 ms, jittered, coarse).
/// </summary>
public sealed class SessionBillingTests
{
    private const string Full = "cpt-2026/full-30-minute-increments";
    private const string Midpoint = "cpt-2026/midpoint";

    // Abort after the given minutes in the given phase: (phase, minutes in it, initialFitting, rule, lines, phases recorded).
    public static TheoryData<string, int, bool, string, string, string> Aborts() => new()
    {
        { "prepared", 5, true, Full, "", "" },
        { "prepared", 5, false, Midpoint, "", "" },
        { "precool", 0, true, Full, "97007x1, 97008x1", "precool" },
        { "precool", 10, true, Full, "97007x1, 97008x1", "precool" },
        { "precool", 10, false, Full, "97008x1", "precool" },
        { "infusion", 20, true, Midpoint, "97007x1, 97008x1", "precool, infusion" },
        { "infusion", 20, false, Full, "97008x1", "precool, infusion" },
        { "postcool", 10, true, Full, "97007x1, 97008x1", "precool, infusion, postcool" },
        { "postcool", 16, false, Midpoint, "97008x1, 97009x1", "precool, infusion, postcool" },
        { "postcool", 30, false, Full, "97008x1, 97009x1", "precool, infusion, postcool" },
        { "postcool", 46, true, Midpoint, "97007x1, 97008x1, 97009x2", "precool, infusion, postcool" },
        { "postcool", 59, true, Full, "97007x1, 97008x1, 97009x1", "precool, infusion, postcool" },
        { "postcool", 60, true, Full, "97007x1, 97008x1, 97009x2", "precool, infusion, postcool" },
    };

    [Theory]
    [MemberData(nameof(Aborts))]
    public void Abort_InEachPhase_BillsWhatWasDone(string phase, int minutes, bool initialFitting, string rule, string lines, string phases)
    {
        var bench = new SessionBench(billingRule: rule);
        var session = bench.OpenOk(CapChannel.A, bench.Request(initialFitting: initialFitting));
        foreach (var (next, action) in new (string, Func<SessionRefusal?>)[]
                 {
                     ("precool", () => bench.Precool(CapChannel.A)),
                     ("infusion", () => bench.InfusionStart(CapChannel.A)),
                     ("postcool", () => bench.InfusionEnd(CapChannel.A)),
                 })
        {
            if (session.Phase.Name() == phase)
            {
                break;
            }

            bench.Run(TimeSpan.FromMinutes(3));
            bench.Ok(action());
        }

        bench.Run(TimeSpan.FromMinutes(minutes));
        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.PatientRequest));

        var record = Assert.Single(bench.Records);
        Assert.Equal("aborted", record.Outcome);
        Assert.Equal("patient-request", record.AbortReason);
        Assert.Equal(rule, record.BillingRule);
        Assert.Equal(lines, string.Join(", ", record.Billing.Select(l => $"{l.Code}x{l.Units}")));
        Assert.Equal(phases, string.Join(", ", record.Phases.Select(p => p.Phase)));
        Assert.Equal(phase == "postcool" ? minutes * 60 : 0, record.BillableSeconds.Postcool);
        Assert.DoesNotContain(record.Billing, l => l.Units <= 0);
    }

    [Fact]
    public void Abort_BeforePrecool_HasNoBillingNoPhasesAndIsStillRecorded()
    {
        var bench = new SessionBench();
        bench.OpenOk(CapChannel.A);
        bench.Run(TimeSpan.FromMinutes(20));

        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.PatientUnwell));

        var record = Assert.Single(bench.Records);
        Assert.Empty(record.Billing);
        Assert.Empty(record.Phases);
        Assert.Equal(new BillableSeconds(0, 0, 0), record.BillableSeconds);
        Assert.Null(record.Coolant);
        Assert.Single(bench.Rows, r => r.Kind == "abort" && r.Detail == "patient-unwell");
    }

    // Finish after exactly this many cooled post-cool milliseconds: (rule, ms, 97009 units).
    [Theory]
    [InlineData(Full, 1_799_999, 0)]
    [InlineData(Full, 1_800_000, 1)]
    [InlineData(Full, 3_599_900, 1)]
    [InlineData(Full, 3_600_000, 2)]
    [InlineData(Midpoint, 959_900, 0)]
    [InlineData(Midpoint, 960_000, 1)]
    [InlineData(Midpoint, 2_759_999, 1)]
    [InlineData(Midpoint, 2_760_000, 2)]
    public void Finish_AtTheRulesBoundaries_Bills97009FromFlooredBillableSeconds(string rule, long cooledMs, int units)
    {
        var bench = new SessionBench(billingRule: rule);
        var session = SessionTimingTests.ToPostcool(bench, "default");
        bench.Run(TimeSpan.FromMinutes(5));
        bench.CapA = false;                                   // 2 min unplugged, seen from the next tick
        bench.Run(TimeSpan.FromMinutes(2));
        bench.CapA = true;
        bench.Tick(TimeSpan.FromMilliseconds(100));
        var cooled = session.Cooled(SessionPhase.Postcool, bench.Now);
        bench.Run(TimeSpan.FromMilliseconds(cooledMs) - cooled, TimeSpan.FromMilliseconds(97));
        Assert.Equal(TimeSpan.FromMilliseconds(cooledMs), session.Cooled(SessionPhase.Postcool, bench.Now));

        bench.Ok(bench.Finish(CapChannel.A));

        var record = Assert.Single(bench.Records);
        Assert.Equal("finished-early", record.Outcome);
        Assert.Equal(cooledMs / 1000, record.BillableSeconds.Postcool);
        var line = record.Billing.SingleOrDefault(l => l.Code == BillingCalculator.AdditionalCoolingCode);
        Assert.Equal(units, line?.Units ?? 0);
    }

    [Fact]
    public void Finish_OffGridInterruption_BillableIsFlooredSecondsLessFlooredInterruptedSeconds()
    {
        // The record's arithmetic floors seconds and interruptedSeconds each on its own: 1799.999 s cooled with
        // 120.05 s interrupted is seconds floor(1920.049) = 1920, interruptedSeconds 120, billable 1800.
        var bench = new SessionBench();
        var session = SessionTimingTests.ToPostcool(bench, "default");
        bench.CapA = false;
        bench.Tick(TimeSpan.FromMilliseconds(100));
        bench.CapA = true;
        bench.Tick(TimeSpan.FromMilliseconds(120_050));
        bench.Run(TimeSpan.FromMilliseconds(1_799_999) - session.Cooled(SessionPhase.Postcool, bench.Now), TimeSpan.FromMilliseconds(97));
        Assert.Equal(TimeSpan.FromMilliseconds(1_799_999), session.Cooled(SessionPhase.Postcool, bench.Now));

        bench.Ok(bench.Finish(CapChannel.A));

        var record = Assert.Single(bench.Records);
        var postcool = SessionTimingTests.Phase(record, "postcool");
        Assert.Equal((1920L, 120L), (postcool.Seconds, postcool.InterruptedSeconds));
        Assert.Equal(1800, record.BillableSeconds.Postcool);
        Assert.Equal(1, record.Billing.Single(l => l.Code == "97009").Units);
    }

    // Ticks of every shape: (name, the tick generator's description).
    [Theory]
    [InlineData("97 ms")]
    [InlineData("100 ms")]
    [InlineData("jittered 50..150 ms")]
    [InlineData("coarse 0.5..9.7 s")]
    public void Completed_WithInterruptionsAndOffGridTicks_BillsExactlyThePrescribedPostcool(string ticks)
    {
        var random = new Random(ticks.Length * 7919);
        Func<TimeSpan> dt = ticks switch
        {
            "97 ms" => () => TimeSpan.FromMilliseconds(97),
            "100 ms" => () => TimeSpan.FromMilliseconds(100),
            "jittered 50..150 ms" => () => TimeSpan.FromTicks(random.Next(500_000, 1_500_001)),
            _ => () => TimeSpan.FromTicks(random.Next(5_000_000, 97_000_001)),
        };
        var bench = new SessionBench();
        var session = bench.StartPrecool(CapChannel.A, bench.Request("docetaxel", post: 17, reason: "prescriber-order"));
        RunFor(bench, TimeSpan.FromMinutes(30), dt);
        bench.Ok(bench.InfusionStart(CapChannel.A));
        RunFor(bench, TimeSpan.FromMinutes(20), dt);
        bench.Ok(bench.InfusionEnd(CapChannel.A));
        RunFor(bench, TimeSpan.FromMinutes(3), dt);
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, true, visibleAfter: TimeSpan.FromSeconds(2.5));
        RunFor(bench, TimeSpan.FromSeconds(47.3), dt);
        bench.CapA = false;
        RunFor(bench, TimeSpan.FromSeconds(31.7), dt);
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, false);
        bench.CapA = true;
        RunFor(bench, TimeSpan.FromMinutes(2), dt);
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, true);
        RunFor(bench, TimeSpan.FromSeconds(13.1), dt);
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, false);

        Assert.True(RunFor(bench, TimeSpan.FromMinutes(20), dt, () => session.IsFinal));

        var record = Assert.Single(bench.Records);
        Assert.Equal("completed", record.Outcome);
        Assert.Equal(17 * 60, record.Prescribed.PostcoolSeconds);
        Assert.Equal(17 * 60, record.BillableSeconds.Postcool);
        var postcool = SessionTimingTests.Phase(record, "postcool");
        Assert.Equal(postcool.Seconds - postcool.InterruptedSeconds, record.BillableSeconds.Postcool);
        Assert.True(postcool.InterruptedSeconds >= 90, $"the interruptions were counted: {postcool.InterruptedSeconds}");
        Assert.Equal(TimeSpan.FromMinutes(17), session.Cooled(SessionPhase.Postcool, bench.Now));
    }

    [Fact]
    public void Completed_RandomPrescriptionsInterruptionsAndTicks_BillsExactlyThePrescribedPostcool()
    {
        var scenario =
            from post in Gen.Int[15, 180]
            from tickMs in Gen.Int[50, 9_999]
            from jitter in Gen.Bool
            from cuts in Gen.Select(Gen.Int[0, 3], Gen.Int[1, 20 * 60_000], Gen.Int[1, 5 * 60_000]).Array[0, 6]
            from rule in Gen.OneOf(Gen.Const(Full), Gen.Const(Midpoint))
            select (post, tickMs, jitter, cuts, rule);

        scenario.Sample(s =>
        {
            var random = new Random(s.tickMs * 31 + s.post);
            TimeSpan Dt() => TimeSpan.FromTicks(s.jitter ? random.Next(s.tickMs * 5_000, s.tickMs * 15_000) : s.tickMs * 10_000L);
            var bench = new SessionBench(billingRule: s.rule);
            var session = bench.StartPrecool(CapChannel.A, bench.Request(post: s.post, reason: s.post == 90 ? null : "prescriber-order"));
            RunFor(bench, TimeSpan.FromMinutes(1), Dt);
            bench.Ok(bench.InfusionStart(CapChannel.A));
            RunFor(bench, TimeSpan.FromMinutes(1), Dt);
            bench.Ok(bench.InfusionEnd(CapChannel.A));
            foreach (var (kind, gapMs, lengthMs) in s.cuts)
            {
                RunFor(bench, TimeSpan.FromMilliseconds(gapMs), Dt, () => session.IsFinal);
                Cut(bench, kind, true);
                RunFor(bench, TimeSpan.FromMilliseconds(lengthMs), Dt, () => session.IsFinal);
                Cut(bench, kind, false);
            }

            Assert.True(RunFor(bench, TimeSpan.FromMinutes(s.post + 1), Dt, () => session.IsFinal));
            var record = Assert.Single(bench.Records);
            Assert.Equal("completed", record.Outcome);
            Assert.Equal(s.post * 60L, record.BillableSeconds.Postcool);
            var postcool = SessionTimingTests.Phase(record, "postcool");
            Assert.Equal(record.BillableSeconds.Postcool, postcool.Seconds - postcool.InterruptedSeconds);
            var units = s.rule == Full ? s.post * 60 / 1800 : (s.post * 60 + 840) / 1800;
            Assert.Equal(units, record.Billing.SingleOrDefault(l => l.Code == "97009")?.Units ?? 0);
        }, iter: 150);
    }

    private static void Cut(SessionBench bench, int kind, bool on)
    {
        switch (kind)
        {
            case 0:
                bench.CapA = !on;
                break;
            case 1:
                bench.SetFault(CapChannel.A, Interruption.FlowLoss, on, visibleAfter: TimeSpan.FromSeconds(3));
                break;
            case 2:
                bench.SetFault(CapChannel.A, Interruption.CoolantWarm, on);
                break;
            default:
                bench.SafeState = on;
                break;
        }
    }

    // Ticks of dt() (the last one shorter) until the duration has passed or until() holds; returns whether it held.
    private static bool RunFor(SessionBench bench, TimeSpan duration, Func<TimeSpan> dt, Func<bool>? until = null)
    {
        var end = bench.Now + duration;
        while (bench.Now < end)
        {
            if (until?.Invoke() == true)
            {
                return true;
            }

            var step = dt();
            bench.Tick(end - bench.Now < step ? end - bench.Now : step);
        }

        return until?.Invoke() ?? true;
    }
}
