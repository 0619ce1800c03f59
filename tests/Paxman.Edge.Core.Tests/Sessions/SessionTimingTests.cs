using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// Countdowns and interruptions (README, "Sessions" and "Session record"): countdowns count cooled time and pause
/// while the cap is not cooled; overlapping interruptions count once; an interruption that straddles a phase boundary
/// is clipped to each phase; every seconds figure is floored on the monotonic timeline.
/// </summary>
public sealed class SessionTimingTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Precool_CapUnpluggedFiveMinutes_CountdownPausesForThem()
    {
        var bench = new SessionBench();
        var session = bench.StartPrecool(CapChannel.A);
        bench.Run(TimeSpan.FromMinutes(10));
        bench.CapA = false;
        bench.Run(TimeSpan.FromMinutes(5));
        // The switch is read on the tick after the unplug: 10 min 0.1 s cooled so far.
        Assert.Equal(TimeSpan.FromMinutes(20) - TimeSpan.FromMilliseconds(100), session.Remaining(bench.Now));
        bench.CapA = true;
        bench.Run(TimeSpan.FromMinutes(15));

        Assert.Equal(TimeSpan.FromMinutes(5), session.Remaining(bench.Now));
        Assert.False(session.PrecoolDone);
        Assert.DoesNotContain(bench.Rows, r => r.Kind == "precool-complete");

        bench.Run(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.Zero, session.Remaining(bench.Now));
        Assert.True(session.PrecoolDone);
        Assert.Single(bench.Rows, r => r.Kind == "precool-complete");
    }

    [Fact]
    public void Postcool_FlowLossFourMinutes_CompletesFourMinutesLaterBillingThePrescribedTime()
    {
        var bench = new SessionBench();
        var session = ToPostcool(bench, "docetaxel");
        var postcoolStart = bench.Now;
        bench.Run(TimeSpan.FromMinutes(5));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, true);
        bench.Run(TimeSpan.FromMinutes(4));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, false);

        bench.Run(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(200));
        Assert.False(session.IsFinal, "the countdown paused for the flow loss");
        bench.Run(TimeSpan.FromSeconds(1));

        var record = Assert.Single(bench.Records);
        Assert.Equal("completed", record.Outcome);
        var postcool = Phase(record, "postcool");
        // The fault is seen gone on the tick after it cleared: 4 min 0.1 s of flow loss.
        Assert.Equal(SessionBench.Epoch + postcoolStart + TimeSpan.FromMinutes(24) + TimeSpan.FromMilliseconds(100), postcool.EndedAt);
        Assert.Equal(24 * 60, postcool.Seconds);
        Assert.Equal(4 * 60, postcool.InterruptedSeconds);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
        var flow = Assert.Single(record.Interruptions);
        Assert.Equal("flow-loss", flow.Cause);
        Assert.Equal(240, flow.Seconds);
    }

    [Fact]
    public void Postcool_OverlappingInterruptions_CountOnce()
    {
        var bench = new SessionBench();
        var session = ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(10));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, true);     // 10..14 min
        bench.Run(TimeSpan.FromMinutes(2));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, true);  // 12..16 min
        bench.Run(TimeSpan.FromMinutes(2));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, false);
        bench.Run(TimeSpan.FromMinutes(1));
        bench.SetFault(CapChannel.B, Interruption.FlowLoss, true);     // another channel's fault is not this one's
        bench.Run(TimeSpan.FromMinutes(1));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, false);

        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(20)));

        var record = Assert.Single(bench.Records);
        var postcool = Phase(record, "postcool");
        Assert.Equal(6 * 60, postcool.InterruptedSeconds);
        Assert.Equal(26 * 60, postcool.Seconds);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
        Assert.Equal(["flow-loss:240", "coolant-warm:240"], record.Interruptions.Select(i => $"{i.Cause}:{i.Seconds}"));
    }

    [Fact]
    public void Postcool_NestedInterruptionsAndACapUnplug_CountTheirUnion()
    {
        var bench = new SessionBench();
        var session = ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(2));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, true);  // 2..8 min
        bench.Run(TimeSpan.FromMinutes(1));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, true);     // 3..4 min, inside
        bench.Run(TimeSpan.FromMinutes(1));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, false);
        bench.Run(TimeSpan.FromMinutes(4));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, false);
        bench.Run(TimeSpan.FromMinutes(1));
        bench.CapA = false;                                             // 9..9.5 min
        bench.Run(TimeSpan.FromSeconds(30));
        bench.CapA = true;

        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(20)));

        var postcool = Phase(Assert.Single(bench.Records), "postcool");
        Assert.Equal(6 * 60 + 30, postcool.InterruptedSeconds);
        Assert.Equal(1200 + 390, postcool.Seconds);
    }

    [Fact]
    public void Fault_DatedFromItsFirstSample_CountsFromThereNotFromItsConfirmation()
    {
        var bench = new SessionBench();
        var session = ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(5));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, true, visibleAfter: TimeSpan.FromSeconds(3));
        bench.Run(TimeSpan.FromMinutes(1));
        bench.SetFault(CapChannel.A, Interruption.FlowLoss, false);

        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(20)));

        var record = Assert.Single(bench.Records);
        Assert.Equal(60, Assert.Single(record.Interruptions).Seconds);
        Assert.Equal(60, Phase(record, "postcool").InterruptedSeconds);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
    }

    [Fact]
    public void Interruption_StraddlingEachPhaseBoundary_IsClippedToEachPhase()
    {
        var bench = new SessionBench();
        bench.StartPrecool(CapChannel.A);
        bench.Run(TimeSpan.FromMinutes(27));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, true);  // precool 27..30, infusion 0..4
        bench.Run(TimeSpan.FromMinutes(3));
        bench.Ok(bench.InfusionStart(CapChannel.A));
        bench.Run(TimeSpan.FromMinutes(4));
        bench.SetFault(CapChannel.A, Interruption.CoolantWarm, false);
        bench.Run(TimeSpan.FromMinutes(50));
        bench.CapA = false;                                             // infusion 54..60, postcool 0..2.5
        bench.Run(TimeSpan.FromMinutes(6));
        bench.Ok(bench.InfusionEnd(CapChannel.A));
        bench.Run(TimeSpan.FromMinutes(2.5));
        bench.CapA = true;
        bench.Run(TimeSpan.FromMinutes(10));
        bench.Ok(bench.Finish(CapChannel.A));

        var record = Assert.Single(bench.Records);
        Assert.Equal("finished-early", record.Outcome);
        Assert.Equal(("precool", 1800L, 180L), Figures(Phase(record, "precool")));
        Assert.Equal(("infusion", 3600L, 240L + 360L), Figures(Phase(record, "infusion")));
        Assert.Equal(("postcool", 750L, 150L), Figures(Phase(record, "postcool")));
        Assert.Equal(new BillableSeconds(1620, 3000, 600), record.BillableSeconds);
        Assert.Equal(["coolant-warm:420", "cap-disconnected:510"], record.Interruptions.Select(i => $"{i.Cause}:{i.Seconds}"));
        Assert.Equal(["97007x1", "97008x1"], record.Billing.Select(l => $"{l.Code}x{l.Units}"));
    }

    [Fact]
    public void Interruption_StartedBeforeAPhaseBoundaryAndStillOpenAtTheEnd_IsClosedAtTheEnd()
    {
        var bench = new SessionBench();
        ToPostcool(bench, "default");
        bench.Run(TimeSpan.FromMinutes(40));
        bench.CapA = false;
        bench.Run(TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(100)); // the switch is read on the next tick

        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.PatientUnwell));

        var record = Assert.Single(bench.Records);
        var off = Assert.Single(record.Interruptions);
        Assert.Equal(180, off.Seconds);
        Assert.Equal(record.EndedAt, off.EndedAt);
        Assert.Equal(("postcool", 43 * 60L, 180L), Figures(Phase(record, "postcool")));
        Assert.Equal(40 * 60, record.BillableSeconds.Postcool);
        Assert.Equal(["97007x1", "97008x1", "97009x1"], record.Billing.Select(l => $"{l.Code}x{l.Units}"));
    }

    [Fact]
    public void Seconds_OffTheSecondGrid_AreFlooredEachOnItsOwn()
    {
        // Phase 10.95 s with 1.9 s interrupted: seconds 10, interrupted 1, billable 9 (billable = seconds - interruptedSeconds).
        var bench = new SessionBench();
        bench.StartPrecool(CapChannel.A);
        bench.CapA = false;
        bench.Tick(TimeSpan.FromMilliseconds(3050));
        bench.CapA = true;
        bench.Tick(TimeSpan.FromMilliseconds(1900));
        bench.Tick(TimeSpan.FromMilliseconds(6000));

        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.InfusionCancelled));

        var record = Assert.Single(bench.Records);
        Assert.Equal(("precool", 10L, 1L), Figures(Phase(record, "precool")));
        Assert.Equal(9, record.BillableSeconds.Precool);
        Assert.Equal(1, Assert.Single(record.Interruptions).Seconds);
    }

    [Fact]
    public void Countdown_AnotherChannelsInterruptions_DoNotPauseIt()
    {
        var bench = new SessionBench();
        var a = ToPostcool(bench, "docetaxel");
        bench.StartPrecool(CapChannel.B);
        bench.CapB = false;
        bench.SetFault(CapChannel.B, Interruption.FlowLoss, true);

        Assert.True(bench.RunUntil(() => a.IsFinal, TimeSpan.FromMinutes(20) + Second));

        var record = Assert.Single(bench.Records);
        Assert.Empty(record.Interruptions);
        Assert.Equal(1200, Phase(record, "postcool").Seconds);
    }

    [Fact]
    public void Completed_CapUnpluggedOnTheTickTheCountdownEnds_RecordsNoInterruptionAfterTheEnd()
    {
        // The countdown reaches zero 50 ms into a tick on which the cap is seen unplugged: the session ended before
        // the unplug, so the record has no interruption that starts after its end (an interruption is time inside a phase).
        var bench = new SessionBench();
        var session = ToPostcool(bench, "docetaxel");
        var postcoolStart = bench.Now;
        bench.Run(TimeSpan.FromMinutes(20) - TimeSpan.FromMilliseconds(50));
        bench.CapA = false;

        bench.Tick(TimeSpan.FromMilliseconds(100));

        Assert.True(session.IsFinal);
        var record = Assert.Single(bench.Records);
        Assert.Equal(SessionBench.Epoch + postcoolStart + TimeSpan.FromMinutes(20), record.EndedAt);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
        Assert.All(record.Interruptions, i => Assert.True(i.StartedAt <= record.EndedAt,
            $"{i.Cause} starts at {i.StartedAt:HH:mm:ss.fff}, after the session ended at {record.EndedAt:HH:mm:ss.fff}"));
    }

    internal static TreatmentSession ToPostcool(SessionBench bench, string regimen, CapChannel channel = CapChannel.A)
    {
        var session = bench.StartPrecool(channel, bench.Request(regimen));
        bench.Run(TimeSpan.FromMinutes(30));
        bench.Ok(bench.InfusionStart(channel));
        bench.Run(TimeSpan.FromMinutes(45));
        bench.Ok(bench.InfusionEnd(channel));
        return session;
    }

    internal static PhaseRecord Phase(SessionRecord record, string name) => Assert.Single(record.Phases, p => p.Phase == name);

    private static (string, long, long) Figures(PhaseRecord phase) => (phase.Phase, phase.Seconds, phase.InterruptedSeconds);
}
