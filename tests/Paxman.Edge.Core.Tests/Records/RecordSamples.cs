using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Tests.Records;

/// <summary>Records for the tests: a completed session with one interruption, and one still running.</summary>
internal static class RecordSamples
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);

    public static SessionRecord Completed(string sessionId = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b") => new()
    {
        SessionId = sessionId,
        UnitId = "PX-SIM-0001",
        Channel = "A",
        PatientRef = "hmac:0123456789abcdef0123456789abcdef",
        OperatorId = "nurse-17",
        Regimen = "docetaxel",
        ThickHair = false,
        InitialFitting = true,
        Simulated = true,
        Outcome = "completed",
        AbortReason = null,
        StartedAt = Start,
        EndedAt = At(115),
        Prescribed = new PrescribedTimes(1800, 1200),
        RegimenDefault = new PrescribedTimes(1800, 1200),
        OverrideReason = null,
        Phases =
        [
            new PhaseRecord("precool", At(0), At(30), 1800, 0),
            new PhaseRecord("infusion", At(30), At(95), 3900, 300),
            new PhaseRecord("postcool", At(95), At(115), 1200, 0),
        ],
        BillableSeconds = new BillableSeconds(1800, 3600, 1200),
        Interruptions = [new InterruptionRecord(At(60), At(65), 300, "cap-disconnected")],
        Coolant = new CoolantSummary(-4.6, -4.0, -3.5),
        Alarms = ["cap-disconnected"],
        Billing = [new BillingLine("97007", 1), new BillingLine("97008", 1)],
        BillingRule = "cpt-2026/full-30-minute-increments",
    };

    public static SessionRecord Running() => Completed() with
    {
        Outcome = null,
        EndedAt = null,
        Phases = [new PhaseRecord("precool", At(0), null, 600, 0)],
        BillableSeconds = new BillableSeconds(600, 0, 0),
        Interruptions = [],
        Coolant = null,
        Alarms = [],
        Billing = [],
    };

    public static DateTimeOffset At(int minutes) => Start.AddMinutes(minutes);
}
