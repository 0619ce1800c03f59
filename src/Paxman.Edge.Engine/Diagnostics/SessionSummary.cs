using Paxman.Edge.Core;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>
/// A session as the <c>sessions-since</c> diagnostics request shows it: an allow-list of the record's fields, so never the
/// patient reference (nor the operator's id).
/// </summary>
public sealed record SessionSummary(
    string SessionId,
    string Channel,
    bool Running,
    string Phase,
    string? Outcome,
    string? AbortReason,
    string Regimen,
    bool ThickHair,
    bool InitialFitting,
    string StartedAt,
    string? EndedAt,
    PrescribedTimes Prescribed,
    BillableSeconds BillableSeconds,
    int Interruptions,
    IReadOnlyList<string> InterruptionCauses,
    IReadOnlyList<string> Alarms,
    IReadOnlyList<BillingLine> Billing,
    string? Hash,
    bool Delivered)
{
    public static SessionSummary Of(SessionRecord record, string phase, bool running, bool delivered)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SessionSummary(record.SessionId, record.Channel, running, phase, record.Outcome, record.AbortReason, record.Regimen, record.ThickHair,
            record.InitialFitting, UtcStamp.ToText(record.StartedAt), record.EndedAt is { } ended ? UtcStamp.ToText(ended) : null, record.Prescribed,
            record.BillableSeconds, record.Interruptions.Count, [.. record.Interruptions.Select(i => i.Cause).Distinct()], record.Alarms, record.Billing,
            record.Hash, delivered);
    }
}
