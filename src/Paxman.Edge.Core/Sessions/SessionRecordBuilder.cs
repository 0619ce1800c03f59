using Paxman.Edge.Core.Billing;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// A session's record (README, "Session record"): every <c>seconds</c> from the monotonic timeline, floored; billable =
/// seconds − the union of interruptions inside the phase; billing lines from the configured rule. For a running
/// session it is the record so far (no outcome, no hash).
/// </summary>
public static class SessionRecordBuilder
{
    private static readonly string[] CoolingPhases = ["precool", "infusion", "postcool"];

    public static SessionRecord Build(TreatmentSession session, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(session);
        var phases = new List<PhaseRecord>(3);
        long billablePre = 0, billableInfusion = 0, billablePost = 0;
        foreach (var name in CoolingPhases)
        {
            if (session.Phases.Find(p => p.Name == name) is not { } span)
            {
                continue;
            }

            var end = span.End ?? now;
            var seconds = Intervals.FloorSeconds(end - span.Start);
            var interrupted = Intervals.FloorSeconds(session.InterruptedWithin(span.Start, end, now));
            phases.Add(new PhaseRecord(name, span.StartedAt, span.EndedAt, seconds, interrupted));
            var billable = seconds - interrupted;
            switch (name)
            {
                case "precool":
                    billablePre = billable;
                    break;
                case "infusion":
                    billableInfusion = billable;
                    break;
                default:
                    billablePost = billable;
                    break;
            }
        }

        var interruptions = session.Interruptions
            .Select(i => new InterruptionRecord(i.StartedAt, i.EndedAt, Intervals.FloorSeconds((i.End ?? now) - i.Start), i.Name))
            .ToList();
        var precoolStarted = session.PhaseSpan(SessionPhase.Precool) is not null;
        return new SessionRecord
        {
            SessionId = session.SessionId,
            UnitId = session.UnitId,
            Channel = session.Channel,
            PatientRef = session.PatientRef,
            OperatorId = session.OperatorId,
            Regimen = session.Regimen,
            ThickHair = session.ThickHair,
            InitialFitting = session.InitialFitting,
            Simulated = session.Simulated,
            Outcome = session.Outcome,
            AbortReason = session.AbortReason,
            StartedAt = session.StartedAt,
            EndedAt = session.EndedAt,
            Prescribed = new PrescribedTimes(session.PrescribedPrecoolSeconds, session.PrescribedPostcoolSeconds),
            RegimenDefault = new PrescribedTimes(session.DefaultPrecoolSeconds, session.DefaultPostcoolSeconds),
            OverrideReason = session.OverrideReason,
            Phases = phases,
            BillableSeconds = new BillableSeconds(billablePre, billableInfusion, billablePost),
            Interruptions = interruptions,
            Coolant = session.CoolantSamples == 0
                ? null
                : new CoolantSummary(Math.Round(session.CoolantMinC, 2), Math.Round(session.CoolantSumC / session.CoolantSamples, 2), Math.Round(session.CoolantMaxC, 2)),
            Alarms = [.. session.Alarms],
            Billing = BillingCalculator.Lines(session.InitialFitting, precoolStarted, billablePost, BillingRules.FromName(session.BillingRule)),
            BillingRule = session.BillingRule,
            ClockSynced = !session.ClockUnsynced,
        };
    }
}
