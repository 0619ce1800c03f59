using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Core.Ticking;

/// <summary>
/// The nurse station's notices (README, "External interfaces", <c>.../notices</c>) and the moments the engine knows
/// them: each is the session row (or alarm change) of that moment, so a notice is journaled in the same tick as the
/// event it announces.
/// </summary>
public static class Notices
{
    /// <summary>Pre-cool's countdown reached zero: the infusion may start (session row <c>precool-complete</c>).</summary>
    public const string PrecoolComplete = "precool-complete";

    /// <summary>Post-cool's countdown reached zero by itself: remove the cap in 5-10 minutes (session row <c>completed</c>).</summary>
    public const string PostcoolComplete = "postcool-complete";

    /// <summary>A cap unplugged during treatment longer than <c>Sessions:CapOffAlarmMinutes</c> (the <c>cap-off-long</c> alarm raised).</summary>
    public const string CapOffLong = "cap-off-long";

    /// <summary>After a power loss or a STOP the unit is back and asks the nurse to confirm the cap (session row <c>awaiting-resume</c>).</summary>
    public const string AwaitingResume = "awaiting-resume";

    /// <summary>The session ended aborted: by the nurse (row <c>abort</c>) or with no resume in the window (row <c>resume-window-expired</c>).</summary>
    public const string SessionAborted = "session-aborted";

    /// <summary>Every notice name, in the order of the contract.</summary>
    public static IReadOnlyList<string> All { get; } = [PrecoolComplete, PostcoolComplete, CapOffLong, AwaitingResume, SessionAborted];

    /// <summary>The notice a session row announces, or null.</summary>
    public static string? ForSessionRow(string kind) => kind switch
    {
        "precool-complete" => PrecoolComplete,
        "completed" => PostcoolComplete,
        "awaiting-resume" => AwaitingResume,
        "abort" or "resume-window-expired" => SessionAborted,
        _ => null,
    };

    /// <summary>
    /// Adds the tick's notices to its journal writes (engine thread, after sessions and alarm changes): one for each
    /// session row that announces one, and one for each <c>cap-off-long</c> raised on a channel with a session.
    /// Allocates only when a notice is due.
    /// </summary>
    /// <param name="sessionOn">The running session's id on a channel (<c>A</c> or <c>B</c>), or null.</param>
    public static void Collect(TickOutput output, Func<CapChannel, string?> sessionOn)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sessionOn);
        var writes = output.JournalWrites;
        var count = writes.Count;
        for (var i = 0; i < count; i++)
        {
            if (writes[i] is SessionRowWrite row && ForSessionRow(row.Kind) is { } notice)
            {
                output.Add(new NoticeWrite(notice, row.Channel, row.SessionId, row.At));
            }
        }

        var changes = output.AlarmChanges;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.State == AlarmOccurrenceState.Raised && change.Occurrence.Code == CapOffLong && change.Occurrence.Channel is { } channel
                && sessionOn(channel) is { } sessionId)
            {
                output.Add(new NoticeWrite(CapOffLong, channel.Name(), sessionId, change.At));
            }
        }
    }
}
