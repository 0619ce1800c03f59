using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// Refusals other than the table's (README, "Sessions"): pre-cool before the coolant is ready, with the cap unplugged
/// or in the safe state; a resume the unit cannot take yet; a new session's bad fields (400); an abort's reason
/// outside the fixed list (400). Each is refused with a sentence a nurse can act on and changes nothing.
/// </summary>
public sealed class SessionRefusalTests
{
    private static readonly string Long65 = new('x', 65);
    private static readonly string Long64 = new('x', 64);

    // Conditions of the unit that refuse an action the table allows: (setup, action, 409 text).
    public static TheoryData<string, string, string> UnitConditions() => new()
    {
        { "prepared, coolant not ready", "precool", "coolant is not ready" },
        { "prepared, cap unplugged", "precool", "Cap A is not connected" },
        { "prepared, safe state", "precool", "safe state" },
        { "prepared, cap unplugged, coolant not ready", "precool", "Cap A is not connected" },
        { "precool+stop, safe state", "resume", "safe state" },
        { "precool+stop, cap unplugged", "resume", "Cap A is not connected" },
        { "postcool+power, safe state", "resume", "safe state" },
        { "postcool+power, cap unplugged", "resume", "Cap A is not connected" },
    };

    [Theory]
    [MemberData(nameof(UnitConditions))]
    public void Action_UnitCannotYet_IsRefusedAndChangesNothing(string setup, string action, string text)
    {
        var bench = new SessionBench();
        var parts = setup.Split(", ");
        SessionTransitionTests.Arrange(bench, parts[0]);
        foreach (var condition in parts.Skip(1))
        {
            switch (condition)
            {
                case "coolant not ready":
                    bench.Ready = false;
                    bench.SupplyC = 6.3;
                    break;
                case "cap unplugged":
                    bench.CapA = false;
                    break;
                case "safe state":
                    bench.SafeState = true;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(setup), condition, null);
            }
        }

        var before = bench.Snapshot();

        var refusal = SessionTransitionTests.Do(bench, action);

        Assert.NotNull(refusal);
        Assert.True(refusal.IsConflict);
        RefusalAssert.NurseReadable(refusal.Detail);
        Assert.Contains(text, refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(before, bench.Snapshot());
    }

    [Fact]
    public void Precool_CoolantNotReady_SaysTheTemperatureAndTheSetpoint()
    {
        var bench = new SessionBench { Ready = false, SupplyC = 6.25 };
        bench.OpenOk(CapChannel.A);

        var refusal = bench.Precool(CapChannel.A);

        Assert.NotNull(refusal);
        Assert.Contains("6.3 C", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("-4 C", refusal.Detail, StringComparison.Ordinal);
    }

    // New-session requests that are wrong in themselves (400): (case, request, text the detail contains).
    public static TheoryData<string, string> BadRequests() => new()
    {
        { "patientRef missing", "patientRef" },
        { "patientRef empty", "patientRef" },
        { "patientRef blank", "patientRef" },
        { "patientRef 65 characters", "too long" },
        { "patientRef with a tab", "control character" },
        { "operatorId missing", "operatorId" },
        { "operatorId empty", "operatorId" },
        { "operatorId 65 characters", "too long" },
        { "operatorId with a line break", "control character" },
        { "regimen missing", "Choose a regimen: default, docetaxel, paclitaxel." },
        { "regimen unknown", "Choose a regimen" },
        { "regimen in capitals", "Choose a regimen" },
        { "preCoolMinutes 4", "preCoolMinutes must be 5 to 60" },
        { "preCoolMinutes 61", "preCoolMinutes must be 5 to 60" },
        { "preCoolMinutes 0", "preCoolMinutes must be 5 to 60" },
        { "preCoolMinutes -30", "preCoolMinutes must be 5 to 60" },
        { "postCoolMinutes 14", "postCoolMinutes must be 15 to 180" },
        { "postCoolMinutes 181", "postCoolMinutes must be 15 to 180" },
        { "preCoolMinutes 45 without a reason", "give overrideReason" },
        { "postCoolMinutes 60 without a reason", "give overrideReason" },
        { "thickHair with preCoolMinutes 30 without a reason", "give overrideReason" },
        { "overrideReason not in the list", "overrideReason must be one of" },
        { "overrideReason free text with an override", "overrideReason must be one of" },
        { "overrideReason in capitals", "overrideReason must be one of" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Open_BadRequest_IsRefusedAs400AndChangesNothing(string name, string text)
    {
        foreach (var state in new[] { "idle", "done" })
        {
            var bench = new SessionBench();
            SessionTransitionTests.Arrange(bench, state);
            var before = bench.Snapshot();

            var (session, refusal) = bench.Open(CapChannel.A, BadRequest(bench, name));

            Assert.Null(session);
            Assert.NotNull(refusal);
            Assert.False(refusal.IsConflict, $"{name}: a bad request is 400, not 409");
            RefusalAssert.NurseReadable(refusal.Detail);
            Assert.Contains(text, refusal.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("MRN-0042", refusal.Detail, StringComparison.Ordinal);
            Assert.Equal(before, bench.Snapshot());
            Assert.Equal(state == "idle" ? SessionPhase.Idle : SessionPhase.Done, bench[CapChannel.A].Phase);
        }
    }

    [Fact]
    public void Open_BadRequestOnABusyChannel_IsAConflictFirst()
    {
        var bench = new SessionBench();
        bench.OpenOk(CapChannel.A);
        var before = bench.Snapshot();

        var (_, refusal) = bench.Open(CapChannel.A, BadRequest(bench, "regimen unknown"));

        Assert.NotNull(refusal);
        Assert.True(refusal.IsConflict);
        Assert.Equal(before, bench.Snapshot());
    }

    // Requests at the edges that are valid: (case, prescribed pre/post seconds, recorded overrideReason).
    public static TheoryData<string, long, long, string?> GoodRequests() => new()
    {
        { "defaults", 1800, 5400, null },
        { "preCoolMinutes 5 with a reason", 300, 5400, "prescriber-order" },
        { "preCoolMinutes 60 with a reason", 3600, 5400, "prescriber-order" },
        { "postCoolMinutes 15 with a reason", 1800, 900, "patient-tolerance" },
        { "postCoolMinutes 180 with a reason", 1800, 10800, "regimen-protocol" },
        { "the defaults given explicitly without a reason", 1800, 5400, null },
        { "the defaults given explicitly with a reason", 1800, 5400, null },
        { "thickHair", 2700, 5400, null },
        { "thickHair with preCoolMinutes 45 without a reason", 2700, 5400, null },
        { "docetaxel with postCoolMinutes 20", 1800, 1200, null },
        { "patientRef and operatorId 64 characters", 1800, 5400, null },
        { "overrideReason other", 1800, 7200, "other" },
    };

    [Theory]
    [MemberData(nameof(GoodRequests))]
    public void Open_ValidRequest_PrescribesWhatWasAsked(string name, long pre, long post, string? reason)
    {
        var bench = new SessionBench();

        var request = GoodRequest(bench, name);

        var session = bench.OpenOk(CapChannel.A, request);

        Assert.Equal(pre, session.PrescribedPrecoolSeconds);
        Assert.Equal(post, session.PrescribedPostcoolSeconds);
        Assert.Equal(reason, session.OverrideReason);
        Assert.Equal(SessionPhase.Prepared, session.Phase);
        var row = Assert.Single(bench.Rows);
        Assert.Equal("opened", row.Kind);
        Assert.Equal(request.OperatorId, row.OperatorId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Patient-Request")]
    [InlineData("patient request")]
    [InlineData("the patient felt cold")]
    [InlineData("power-loss")]
    [InlineData("stop-button")]
    public void Abort_ReasonOutsideTheNursesList_IsRefusedAs400InEveryBusyState(string? reason)
    {
        foreach (var state in new[] { "prepared", "precool", "infusion", "postcool", "postcool+stop" })
        {
            var bench = new SessionBench();
            SessionTransitionTests.Arrange(bench, state);
            var before = bench.Snapshot();

            var refusal = bench.Abort(CapChannel.A, reason);

            Assert.NotNull(refusal);
            Assert.False(refusal.IsConflict);
            RefusalAssert.NurseReadable(refusal.Detail);
            foreach (var allowed in AbortReasons.ForNurses)
            {
                Assert.Contains(allowed, refusal.Detail, StringComparison.Ordinal);
            }

            Assert.Equal(before, bench.Snapshot());
        }
    }

    [Fact]
    public void Abort_EveryReasonOnTheNursesList_IsRecorded()
    {
        foreach (var reason in AbortReasons.ForNurses)
        {
            var bench = new SessionBench();
            SessionTransitionTests.Arrange(bench, "infusion");

            bench.Ok(bench.Abort(CapChannel.A, reason));

            Assert.Equal(reason, Assert.Single(bench.Records).AbortReason);
        }
    }

    [Fact]
    public void Resume_StopStillHeld_IsRefusedAndTheSessionKeepsWaiting()
    {
        var bench = new SessionBench { SafeCause = Interruption.StopButton };
        SessionTransitionTests.Arrange(bench, "infusion");
        bench.SafeState = true;
        bench.Tick(TimeSpan.FromSeconds(1));
        var before = bench.Snapshot();

        var refusal = bench.Resume(CapChannel.A);

        Assert.NotNull(refusal);
        Assert.True(refusal.IsConflict);
        Assert.Equal(before, bench.Snapshot());
        Assert.Equal("stop-button", bench.Session(CapChannel.A)!.AwaitingResume);
    }

    private static NewSessionRequest BadRequest(SessionBench bench, string name) => name switch
    {
        "patientRef missing" => bench.Request() with { PatientRef = null },
        "patientRef empty" => bench.Request() with { PatientRef = "" },
        "patientRef blank" => bench.Request() with { PatientRef = "   " },
        "patientRef 65 characters" => bench.Request() with { PatientRef = Long65 },
        "patientRef with a tab" => bench.Request() with { PatientRef = "MRN\t0042" },
        "operatorId missing" => bench.Request() with { OperatorId = null },
        "operatorId empty" => bench.Request() with { OperatorId = "" },
        "operatorId 65 characters" => bench.Request() with { OperatorId = Long65 },
        "operatorId with a line break" => bench.Request() with { OperatorId = "nurse\n7" },
        "regimen missing" => bench.Request() with { Regimen = null },
        "regimen unknown" => bench.Request("cisplatin"),
        "regimen in capitals" => bench.Request("Docetaxel"),
        "preCoolMinutes 4" => bench.Request(pre: 4, reason: "prescriber-order"),
        "preCoolMinutes 61" => bench.Request(pre: 61, reason: "prescriber-order"),
        "preCoolMinutes 0" => bench.Request(pre: 0, reason: "prescriber-order"),
        "preCoolMinutes -30" => bench.Request(pre: -30, reason: "prescriber-order"),
        "postCoolMinutes 14" => bench.Request(post: 14, reason: "prescriber-order"),
        "postCoolMinutes 181" => bench.Request(post: 181, reason: "prescriber-order"),
        "preCoolMinutes 45 without a reason" => bench.Request(pre: 45),
        "postCoolMinutes 60 without a reason" => bench.Request(post: 60),
        "thickHair with preCoolMinutes 30 without a reason" => bench.Request(pre: 30, thickHair: true),
        "overrideReason not in the list" => bench.Request(reason: "doctor-said"),
        "overrideReason free text with an override" => bench.Request(post: 60, reason: "the patient asked for a shorter one"),
        "overrideReason in capitals" => bench.Request(post: 60, reason: "Prescriber-Order"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static NewSessionRequest GoodRequest(SessionBench bench, string name) => name switch
    {
        "defaults" => bench.Request(),
        "preCoolMinutes 5 with a reason" => bench.Request(pre: 5, reason: "prescriber-order"),
        "preCoolMinutes 60 with a reason" => bench.Request(pre: 60, reason: "prescriber-order"),
        "postCoolMinutes 15 with a reason" => bench.Request(post: 15, reason: "patient-tolerance"),
        "postCoolMinutes 180 with a reason" => bench.Request(post: 180, reason: "regimen-protocol"),
        "the defaults given explicitly without a reason" => bench.Request(pre: 30, post: 90),
        "the defaults given explicitly with a reason" => bench.Request(pre: 30, post: 90, reason: "other"),
        "thickHair" => bench.Request(thickHair: true),
        "thickHair with preCoolMinutes 45 without a reason" => bench.Request(pre: 45, thickHair: true),
        "docetaxel with postCoolMinutes 20" => bench.Request("docetaxel", post: 20),
        "patientRef and operatorId 64 characters" => bench.Request() with { PatientRef = Long64, OperatorId = Long64 },
        "overrideReason other" => bench.Request(post: 120, reason: "other"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
