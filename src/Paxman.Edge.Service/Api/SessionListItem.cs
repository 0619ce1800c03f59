using Paxman.Edge.Core;
using Paxman.Edge.Core.Records;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// One entry of <c>GET /api/sessions</c> (README, "External interfaces"): what the touchscreen's history shows of a
/// recent record or a running session. Never the patient reference: the history is on a screen others can see.
/// </summary>
/// <param name="SessionId">The session's id; <c>GET /api/sessions/{sessionId}</c> gives its record.</param>
/// <param name="Channel"><c>A</c> or <c>B</c>.</param>
/// <param name="Running">True for a session still on its channel (no final record yet).</param>
/// <param name="Phase">The running session's phase (<c>prepared</c>, <c>precool</c>, <c>infusion</c>, <c>postcool</c>), or <c>done</c>.</param>
/// <param name="Outcome"><c>completed</c>, <c>finished-early</c> or <c>aborted</c>; null while running.</param>
/// <param name="AbortReason">One of the fixed abort reasons, or null.</param>
/// <param name="Regimen">The regimen's name.</param>
/// <param name="StartedAt">When the session was opened (UTC, milliseconds).</param>
/// <param name="EndedAt">When it ended; null while running.</param>
/// <param name="Billing">The record's billing lines (so far, while running).</param>
/// <param name="Delivered">MQTT has delivered the final record (always false while running).</param>
internal sealed record SessionListItem(
    string SessionId,
    string Channel,
    bool Running,
    string Phase,
    string? Outcome,
    string? AbortReason,
    string Regimen,
    string StartedAt,
    string? EndedAt,
    IReadOnlyList<BillingLine> Billing,
    bool Delivered)
{
    public static SessionListItem Of(SessionRecord record, string phase, bool running, bool delivered)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SessionListItem(record.SessionId, record.Channel, running, phase, record.Outcome, record.AbortReason, record.Regimen,
            UtcStamp.ToText(record.StartedAt), record.EndedAt is { } ended ? UtcStamp.ToText(ended) : null, record.Billing, delivered);
    }
}
