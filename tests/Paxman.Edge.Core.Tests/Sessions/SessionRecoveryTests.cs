using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// Power loss and STOP (README, "Sessions" and "Recovery"): a session recovered from its journaled row comes back
/// interrupted by power-loss dated from that row and waits for the nurse's resume; the resume window counts from when
/// the unit is back and asking (not while it holds its safe state) and ends the session aborted with the cause.
/// </summary>
public sealed class SessionRecoveryTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Recover_PostcoolSession_PowerLossDatedFromItsLastRowAndWaitsForResume()
    {
        var bench = new SessionBench();
        var before = SessionTimingTests.ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(7));
        var lastRow = bench.LastRow[before.SessionId];
        Assert.Equal("checkpoint", lastRow.Kind);
        Assert.InRange(bench.Now - lastRow.Timeline, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        Assert.Equal(1, bench.Restart(TimeSpan.FromMinutes(2)));

        var session = bench.Session(CapChannel.A)!;
        Assert.NotSame(before, session);
        Assert.Equal(SessionPhase.Postcool, session.Phase);
        Assert.Equal("power-loss", session.AwaitingResume);
        Assert.False(bench.Manager.WantsCooling(CapChannel.A, capConnected: true));
        var loss = Assert.Single(session.Interruptions);
        Assert.Equal(("power-loss", lastRow.Timeline, lastRow.At), (loss.Name, loss.Start, loss.StartedAt));
        var restarted = Assert.Single(bench.Alarms.Open);
        Assert.Equal(("unit-restarted", AlarmPriority.High, AlarmOccurrenceState.Raised), (restarted.Code, restarted.Priority, restarted.State));
        Assert.Contains("unit-restarted", session.Alarms);

        bench.Run(TimeSpan.FromMinutes(3));
        Assert.Equal(SessionPhase.Postcool, session.Phase);
        var resumedAt = bench.Now;
        bench.Ok(bench.Resume(CapChannel.A));
        bench.Tick(Tick);

        Assert.Empty(bench.Alarms.Open);
        Assert.Contains(bench.AlarmChanges, c => c.Occurrence.Code == "unit-restarted" && c.State == AlarmOccurrenceState.Cleared);
        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(16)));
        var record = Assert.Single(bench.Records);
        Assert.Equal("completed", record.Outcome);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
        var outage = Assert.Single(record.Interruptions);
        Assert.Equal("power-loss", outage.Cause);
        Assert.Equal(SessionBench.Epoch + resumedAt, outage.EndedAt);
        Assert.Equal((long)(resumedAt - lastRow.Timeline).TotalSeconds, outage.Seconds);
        Assert.Contains("unit-restarted", record.Alarms);
    }

    [Fact]
    public void Recover_InterruptionOpenAtTheLastRow_EndsThereAndPowerLossTakesOver()
    {
        var bench = new SessionBench();
        var before = SessionTimingTests.ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(1));
        bench.CapA = false;
        bench.Run(TimeSpan.FromSeconds(25));
        var lastRow = bench.LastRow[before.SessionId];

        bench.Restart(TimeSpan.FromSeconds(40));

        var session = bench.Session(CapChannel.A)!;
        var off = Assert.Single(session.Interruptions, i => i.Name == "cap-disconnected" && !i.IsOpen);
        Assert.Equal(lastRow.Timeline, off.End);
        Assert.Single(session.Interruptions, i => i.Name == "power-loss" && i.Start == lastRow.Timeline && i.IsOpen);

        // The cap is still unplugged on the new host: it is a new interruption, and resume is refused until it is back.
        Assert.Single(session.Interruptions, i => i.Name == "cap-disconnected" && i.IsOpen);
        Assert.NotNull(bench.Resume(CapChannel.A));
        bench.CapA = true;
        bench.Tick(Tick);
        bench.Ok(bench.Resume(CapChannel.A));
        Assert.False(session.Interrupted);
    }

    [Fact]
    public void Recover_SoonAfterCapOffLongWasRaised_TheRecordStillListsTheAlarm()
    {
        // The alarm is raised between two checkpoints; the host dies before the next one. The record's alarms list
        // every code raised during the session, so the restart must not forget it.
        var bench = new SessionBench();
        var before = SessionTimingTests.ToPostcool(bench, "default");
        bench.CapA = false;
        Assert.True(bench.RunUntil(() => before.Alarms.Contains("cap-off-long"), TimeSpan.FromMinutes(11)));
        bench.Tick(Tick);

        bench.Restart(TimeSpan.FromSeconds(30));
        bench.CapA = true;
        bench.Tick(Tick);
        bench.Ok(bench.Resume(CapChannel.A));
        bench.Ok(bench.Finish(CapChannel.A));

        Assert.Contains("cap-off-long", Assert.Single(bench.Records).Alarms);
    }

    [Fact]
    public void Recover_PreparedSession_ComesBackPreparedWithoutAnInterruption()
    {
        var bench = new SessionBench();
        bench.OpenOk(CapChannel.A);
        bench.Run(TimeSpan.FromSeconds(30));

        bench.Restart(TimeSpan.FromMinutes(1));

        var session = bench.Session(CapChannel.A)!;
        Assert.Equal(SessionPhase.Prepared, session.Phase);
        Assert.Null(session.AwaitingResume);
        Assert.Empty(session.Interruptions);
        bench.Ok(bench.Precool(CapChannel.A));
    }

    [Fact]
    public void Recover_ChannelDoneBeforeTheRestart_StillShowsDoneUntilTheNextSession()
    {
        // "The channel shows done with the summary until the next session" (README, "Sessions"): a host restart in
        // between does not make it idle.
        var bench = new SessionBench();
        var session = bench.StartPrecool(CapChannel.A);
        bench.Run(TimeSpan.FromMinutes(1));
        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.Other));
        bench.Tick(Tick);
        Assert.Equal(SessionPhase.Done, bench[CapChannel.A].Phase);

        bench.Restart(TimeSpan.FromSeconds(20));

        Assert.Equal(SessionPhase.Done, bench[CapChannel.A].Phase);
        Assert.Equal(session.SessionId, bench.Session(CapChannel.A)?.SessionId);
    }

    [Fact]
    public void Recover_NoOpenSession_RaisesNothing()
    {
        var bench = new SessionBench();
        bench.StartPrecool(CapChannel.A);
        bench.Run(TimeSpan.FromMinutes(1));
        bench.Ok(bench.Abort(CapChannel.A, AbortReasons.Other));

        Assert.Equal(0, bench.Restart(TimeSpan.FromMinutes(1)));

        Assert.Empty(bench.Alarms.Open);
        Assert.False(bench[CapChannel.A].Busy);
    }

    // (cause, minutes the unit holds its safe state once back, window minutes, expected abort reason)
    [Theory]
    [InlineData("power-loss", 0, 10, "power-loss")]
    [InlineData("power-loss", 4, 10, "power-loss")]
    [InlineData("power-loss", 0, 3, "power-loss")]
    [InlineData("stop-button", 0, 10, "stop-button")]
    [InlineData("stop-button", 7, 10, "stop-button")]
    [InlineData("stop-button", 2, 1, "stop-button")]
    public void ResumeWindow_NoResume_AbortsWithTheCauseAfterTheWindowCountedFromAsking(string cause, int safeMinutes, double window, string reason)
    {
        var bench = new SessionBench(new SessionOptions { ResumeWindowMinutes = window });
        var session = SessionTimingTests.ToPostcool(bench, "default");
        bench.Run(TimeSpan.FromMinutes(10));
        bench.SafeCause = Interruption.StopButton;
        bench.SafeState = true;
        if (cause == "power-loss")
        {
            bench.Restart(TimeSpan.FromMinutes(3));
            session = bench.Session(CapChannel.A)!;
        }
        else
        {
            bench.Tick(Tick);
        }

        Assert.Equal(cause, session.AwaitingResume);
        Assert.Null(session.AskingSince);

        bench.Run(TimeSpan.FromMinutes(safeMinutes));
        bench.SafeState = false;
        bench.Tick(Tick);
        var asking = bench.Now;
        Assert.Equal(asking, session.AskingSince);

        bench.Run(TimeSpan.FromMinutes(window) - 2 * Tick);
        Assert.False(session.IsFinal, "still inside the window");
        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromSeconds(1)));

        var record = Assert.Single(bench.Records);
        Assert.Equal(("aborted", reason), (record.Outcome, record.AbortReason));
        Assert.Equal(SessionBench.Epoch + asking + TimeSpan.FromMinutes(window), record.EndedAt);
        Assert.Equal(600, record.BillableSeconds.Postcool);
        Assert.Single(bench.Rows, r => r.SessionId == record.SessionId && r.Kind == "resume-window-expired" && r.Detail == reason);
        Assert.Single(bench.Rows, r => r.SessionId == record.SessionId && r.Kind == "awaiting-resume");
    }

    [Fact]
    public void ResumeWindow_SafeStateHeldLongerThanTheWindow_DoesNotAbort()
    {
        var bench = new SessionBench();
        var session = SessionTimingTests.ToPostcool(bench, "default");
        bench.SafeCause = Interruption.StopButton;
        bench.SafeState = true;

        bench.Run(TimeSpan.FromMinutes(30));

        Assert.False(session.IsFinal);
        Assert.Null(session.AskingSince);
        Assert.Equal("stop-button", session.AwaitingResume);
    }

    [Fact]
    public void ResumeWindow_ResumeJustInside_ContinuesTheSession()
    {
        var bench = new SessionBench();
        var session = SessionTimingTests.ToPostcool(bench, "docetaxel");
        bench.Run(TimeSpan.FromMinutes(5));
        bench.SafeCause = Interruption.StopButton;
        bench.SafeState = true;
        bench.Tick(Tick);
        bench.SafeState = false;
        bench.Tick(Tick);
        var stoppedAt = bench.Now - (2 * Tick);
        bench.Run(TimeSpan.FromMinutes(10) - 2 * Tick);

        bench.Ok(bench.Resume(CapChannel.A));
        var resumedAt = bench.Now;

        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(16)));
        var record = Assert.Single(bench.Records);
        Assert.Equal("completed", record.Outcome);
        var stop = Assert.Single(record.Interruptions);
        Assert.Equal("stop-button", stop.Cause);
        Assert.Equal(SessionBench.Epoch + resumedAt, stop.EndedAt);
        Assert.Equal(SessionBench.Epoch + stoppedAt + Tick, stop.StartedAt);
        Assert.Equal(1200, record.BillableSeconds.Postcool);
    }

    [Fact]
    public void Stop_ReleasedBeforeResume_StaysInterruptedUntilTheNurseResumes()
    {
        var bench = new SessionBench { SafeCause = Interruption.StopButton };
        var session = SessionTimingTests.ToPostcool(bench, "docetaxel");
        bench.SafeState = true;
        bench.Tick(Tick);
        bench.Run(TimeSpan.FromSeconds(20));
        bench.SafeState = false;
        bench.Run(TimeSpan.FromMinutes(2));

        Assert.Equal("stop-button", session.AwaitingResume);
        Assert.NotNull(session.OpenInterruption(Interruption.StopButton));
        Assert.False(bench.Manager.WantsCooling(CapChannel.A, capConnected: true));
        Assert.Equal(Tick, session.Cooled(SessionPhase.Postcool, bench.Now)); // STOP is seen on the next tick
    }

    [Fact]
    public void Recover_TwoChannels_EachWaitsForItsOwnResumeAndTheFirstAcknowledgesUnitRestarted()
    {
        var bench = new SessionBench();
        SessionTimingTests.ToPostcool(bench, "docetaxel");
        bench.StartPrecool(CapChannel.B);
        bench.Run(TimeSpan.FromMinutes(1));

        Assert.Equal(2, bench.Restart(TimeSpan.FromSeconds(30)));
        bench.Ok(bench.Resume(CapChannel.B));
        bench.Tick(Tick);

        Assert.Empty(bench.Alarms.Open);
        Assert.Equal("power-loss", bench.Session(CapChannel.A)!.AwaitingResume);
        Assert.Null(bench.Session(CapChannel.B)!.AwaitingResume);
        bench.Ok(bench.Resume(CapChannel.A));
        Assert.Null(bench.Session(CapChannel.A)!.AwaitingResume);
    }
}
