using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// The transition table (README, "Sessions"): every action from every state, driven on the session manager directly.
/// An allowed action moves the channel as the table says; every other one is refused with 409 and a sentence a nurse
/// can act on, and changes nothing (the sessions, their journal rows and the alarms are the same before and after).
/// </summary>
public sealed class SessionTransitionTests
{
    public static readonly string[] Actions = ["new", "precool", "infusion-start", "infusion-end", "finish", "resume", "abort"];

    // From each state: what each action of Actions leads to, in that order. "409:text" is a refusal whose detail
    // contains text; a state name is where the channel goes; "done:outcome" ends the session.
    private static readonly Dictionary<string, string[]> Table = new(StringComparer.Ordinal)
    {
        ["idle"] = ["prepared", "409:no running session", "409:no running session", "409:no running session", "409:no running session",
            "409:no running session", "409:no running session"],
        ["prepared"] = ["409:already has a session in prepared", "precool", "409:in prepared", "409:in prepared", "409:in prepared",
            "409:not waiting for a resume", "done:aborted"],
        ["precool"] = ["409:already has a session in precool", "409:in precool", "infusion", "409:in precool", "409:in precool",
            "409:not waiting for a resume", "done:aborted"],
        ["infusion"] = ["409:already has a session in infusion", "409:in infusion", "409:in infusion", "postcool", "409:in infusion",
            "409:not waiting for a resume", "done:aborted"],
        ["postcool"] = ["409:already has a session in postcool", "409:in postcool", "409:in postcool", "409:in postcool", "done:finished-early",
            "409:not waiting for a resume", "done:aborted"],
        ["done"] = ["prepared", "409:no running session", "409:no running session", "409:no running session", "409:no running session",
            "409:no running session", "409:no running session"],

        // Interrupted by STOP (released and acknowledged, so the unit is back and asking): resume clears it; the phase's
        // own actions still work (the unit never holds up the chemotherapy) and the session keeps waiting.
        ["precool+stop"] = ["409:already has a session in precool", "409:in precool", "infusion+stop", "409:in precool", "409:in precool",
            "precool", "done:aborted"],
        ["infusion+stop"] = ["409:already has a session in infusion", "409:in infusion", "409:in infusion", "postcool+stop", "409:in infusion",
            "infusion", "done:aborted"],
        ["postcool+stop"] = ["409:already has a session in postcool", "409:in postcool", "409:in postcool", "409:in postcool", "done:finished-early",
            "postcool", "done:aborted"],

        // Interrupted by a power loss (the host restarted): the same, and resume also acknowledges unit-restarted.
        ["postcool+power"] = ["409:already has a session in postcool", "409:in postcool", "409:in postcool", "409:in postcool", "done:finished-early",
            "postcool", "done:aborted"],
    };

    public static TheoryData<string, string, string> Transitions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (from, outcomes) in Table)
        {
            for (var i = 0; i < Actions.Length; i++)
            {
                data.Add(from, Actions[i], outcomes[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Action_FromEachState_FollowsTheTransitionTable(string from, string action, string expected)
    {
        var bench = new SessionBench();
        Arrange(bench, from);
        var before = bench.Snapshot();
        var sessionBefore = bench.Session(CapChannel.A);

        var refusal = Do(bench, action);

        if (expected.StartsWith("409:", StringComparison.Ordinal))
        {
            Assert.NotNull(refusal);
            Assert.True(refusal.IsConflict, $"{action} from {from} should be a conflict (409): {refusal.Detail}");
            RefusalAssert.NurseReadable(refusal.Detail);
            Assert.Contains(expected[4..], refusal.Detail, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, bench.Snapshot());
            return;
        }

        Assert.True(refusal is null, $"{action} from {from} should be allowed: {refusal?.Detail}");
        var session = bench.Session(CapChannel.A)!;
        if (expected.StartsWith("done:", StringComparison.Ordinal))
        {
            Assert.Equal(SessionPhase.Done, bench[CapChannel.A].Phase);
            Assert.Equal(expected[5..], session.Outcome);
            Assert.Same(sessionBefore, session);
            var record = Assert.Single(bench.Records);
            Assert.Equal(expected[5..], record.Outcome);
            Assert.Equal(action == "abort" ? "patient-request" : null, record.AbortReason);
            Assert.False(bench[CapChannel.A].WantsCooling(true), "a done channel does not cool");
            return;
        }

        var (phase, waiting) = Parse(expected);
        Assert.Equal(phase, bench[CapChannel.A].Phase);
        Assert.Equal(waiting, session.AwaitingResume);
        Assert.Equal(waiting is null && phase.Cools(), bench[CapChannel.A].WantsCooling(true));
        Assert.Empty(bench.Records);
        if (action == "new")
        {
            Assert.NotSame(sessionBefore, session);
            Assert.Null(session.Outcome);
        }
        else
        {
            Assert.Same(sessionBefore, session);
        }

        // Channel B is independent and untouched.
        Assert.Equal(SessionPhase.Idle, bench[CapChannel.B].Phase);
    }

    [Fact]
    public void Countdown_ReachesZeroInPostcool_EndsDoneCompleted()
    {
        var bench = new SessionBench();
        Arrange(bench, "postcool");
        var session = bench.Session(CapChannel.A)!;

        Assert.True(bench.RunUntil(() => session.IsFinal, TimeSpan.FromMinutes(91)));

        Assert.Equal(SessionPhase.Done, bench[CapChannel.A].Phase);
        Assert.Equal("completed", Assert.Single(bench.Records).Outcome);
    }

    [Theory]
    [InlineData("prepared")]
    [InlineData("precool")]
    [InlineData("infusion")]
    [InlineData("postcool")]
    public void Open_OtherChannelWhileOneIsBusy_IsAllowed(string busy)
    {
        var bench = new SessionBench();
        Arrange(bench, busy);

        bench.OpenOk(CapChannel.B);

        Assert.Equal(SessionPhase.Prepared, bench[CapChannel.B].Phase);
        Assert.Equal(Parse(busy).Phase, bench[CapChannel.A].Phase);
    }

    /// <summary>Brings channel A to <paramref name="state"/> ("phase" or "phase+stop" / "phase+power").</summary>
    internal static void Arrange(SessionBench bench, string state)
    {
        var (phase, waiting) = Parse(state);
        var dt = TimeSpan.FromSeconds(1);
        if (phase == SessionPhase.Idle)
        {
            return;
        }

        bench.OpenOk(CapChannel.A);
        bench.Tick(dt);
        if (phase == SessionPhase.Done)
        {
            bench.Ok(bench.Abort(CapChannel.A, AbortReasons.Other));
            bench.Tick(dt);
            bench.Records.Clear();
            return;
        }

        foreach (var (step, reached) in new (Func<SessionRefusal?>, SessionPhase)[]
                 {
                     (() => bench.Precool(CapChannel.A), SessionPhase.Precool),
                     (() => bench.InfusionStart(CapChannel.A), SessionPhase.Infusion),
                     (() => bench.InfusionEnd(CapChannel.A), SessionPhase.Postcool),
                 })
        {
            if (phase < reached)
            {
                break;
            }

            bench.Ok(step());
            bench.Tick(dt);
        }

        if (waiting == "stop-button")
        {
            bench.SafeCause = Interruption.StopButton;
            bench.SafeState = true;
            bench.Tick(dt);
            bench.SafeState = false;
            bench.Tick(dt);
        }
        else if (waiting == "power-loss")
        {
            bench.Restart(TimeSpan.FromSeconds(30));
            bench.Tick(dt);
        }

        Assert.Equal(phase, bench[CapChannel.A].Phase);
        Assert.Equal(waiting, bench.Session(CapChannel.A)!.AwaitingResume);
    }

    internal static SessionRefusal? Do(SessionBench bench, string action) => action switch
    {
        "new" => bench.Open(CapChannel.A, bench.Request()).Refusal,
        "precool" => bench.Precool(CapChannel.A),
        "infusion-start" => bench.InfusionStart(CapChannel.A),
        "infusion-end" => bench.InfusionEnd(CapChannel.A),
        "finish" => bench.Finish(CapChannel.A),
        "resume" => bench.Resume(CapChannel.A),
        "abort" => bench.Abort(CapChannel.A, AbortReasons.PatientRequest),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static (SessionPhase Phase, string? Waiting) Parse(string state)
    {
        var plus = state.IndexOf('+', StringComparison.Ordinal);
        var phase = SessionPhases.Parse(plus < 0 ? state : state[..plus]);
        var waiting = plus < 0 ? null : state[(plus + 1)..] == "stop" ? "stop-button" : "power-loss";
        return (phase, waiting);
    }
}
