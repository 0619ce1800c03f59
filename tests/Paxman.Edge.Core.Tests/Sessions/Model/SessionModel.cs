using System.Globalization;
using System.Text;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Core.Tests.Sessions.Model;

/// <summary>
/// A small reference model of the transition table, the interruption arithmetic and the billing rules (README,
/// "Sessions" and "Session record"), written from the documents and not from the session manager's code. It takes
/// the same inputs the manager does (nurse actions, each tick's cap switches, the supervisor's interruption events,
/// the safe state, a restart's journaled rows) and says what each channel's state, each refusal and each final record
/// must be. Its arithmetic differs on purpose: a countdown ends at the instant the cooled gaps between interruptions
/// add up to the prescription (walked gap by gap), billing comes straight from the formulas.
/// </summary>
internal sealed class SessionModel
{
    public const string FullIncrements = "cpt-2026/full-30-minute-increments";

    private static readonly string[] NurseAbortReasons = ["patient-request", "patient-unwell", "infusion-cancelled", "device-fault", "other"];
    private static readonly string[] OverrideReasonList = ["prescriber-order", "regimen-protocol", "patient-tolerance", "other"];

    private readonly SessionOptions _options;
    private readonly string _rule;
    private readonly ModelSession?[] _channels = new ModelSession?[2];
    private readonly bool[] _capOffRaised = new bool[2];
    private readonly bool[] _doneBeforeRestart = new bool[2];
    private bool _restartPending;
    private int _opened;

    public SessionModel(SessionOptions options, string rule)
    {
        _options = options;
        _rule = rule;
    }

    /// <summary>Sessions that ended, in the order they ended.</summary>
    public List<ModelSession> Ended { get; } = [];

    public ModelSession? this[CapChannel channel] => _channels[(int)channel];

    /// <summary>
    /// The channel's session ended before the last restart: the channel still shows it as done until the next session
    /// (the journal's last ended row per channel is recovered too).
    /// </summary>
    public bool DoneBeforeRestart(CapChannel channel) => _doneBeforeRestart[(int)channel];

    public SessionPhase Phase(CapChannel channel) => _channels[(int)channel] is { } s ? s.Outcome is null ? s.Phase : SessionPhase.Done : SessionPhase.Idle;

    /// <summary>A channel is cooled when its session is in a cooling phase, not waiting for a resume, and its cap is plugged in.</summary>
    public bool Demand(CapChannel channel, bool capConnected) =>
        capConnected && _channels[(int)channel] is { Busy: true, Cools: true, Awaiting: null };

    // Refusals: null when done, true for a conflict (409), false for an invalid request (400).
    public bool? Open(CapChannel channel, NewSessionRequest request, TimeSpan now)
    {
        if (_channels[(int)channel] is { Busy: true })
        {
            return true;
        }

        if (BadText(request.PatientRef) || BadText(request.OperatorId) || request.Regimen is null
            || !_options.Regimens.TryGetValue(request.Regimen, out var regimen))
        {
            return false;
        }

        if (request.PreCoolMinutes is < 5 or > 60 || request.PostCoolMinutes is < 15 or > 180
            || (request.OverrideReason is { } r && !OverrideReasonList.Contains(r)))
        {
            return false;
        }

        var defaultPre = (regimen.PreCoolMinutes + (request.ThickHair ? _options.ThickHairExtraPreCoolMinutes : 0)) * 60L;
        var defaultPost = regimen.PostCoolMinutes * 60L;
        var pre = request.PreCoolMinutes * 60L ?? defaultPre;
        var post = request.PostCoolMinutes * 60L ?? defaultPost;
        var overridden = pre != defaultPre || post != defaultPost;
        if (overridden && request.OverrideReason is null)
        {
            return false;
        }

        _doneBeforeRestart[(int)channel] = false;
        _channels[(int)channel] = new ModelSession
        {
            SessionId = $"session-{++_opened}",
            Channel = channel.Name(),
            Regimen = request.Regimen,
            ThickHair = request.ThickHair,
            InitialFitting = request.InitialFitting,
            PrescribedPrecool = pre,
            PrescribedPostcool = post,
            DefaultPrecool = defaultPre,
            DefaultPostcool = defaultPost,
            OverrideReason = overridden ? request.OverrideReason : null,
            Opened = now,
        };
        return null;
    }

    public bool? Precool(CapChannel channel, TimeSpan now, bool ready, bool safe, bool cap)
    {
        if (_channels[(int)channel] is not { Busy: true, Phase: SessionPhase.Prepared } s || safe || !cap || !ready)
        {
            return true;
        }

        Begin(s, "precool", SessionPhase.Precool, now);
        return null;
    }

    public bool? InfusionStart(CapChannel channel, TimeSpan now) => Next(channel, SessionPhase.Precool, "infusion", SessionPhase.Infusion, now);

    public bool? InfusionEnd(CapChannel channel, TimeSpan now) => Next(channel, SessionPhase.Infusion, "postcool", SessionPhase.Postcool, now);

    public bool? Finish(CapChannel channel, TimeSpan now)
    {
        if (_channels[(int)channel] is not { Busy: true, Phase: SessionPhase.Postcool } s)
        {
            return true;
        }

        End(s, "finished-early", null, now);
        return null;
    }

    public bool? Abort(CapChannel channel, string? reason, TimeSpan now)
    {
        if (_channels[(int)channel] is not { Busy: true } s)
        {
            return true;
        }

        if (reason is null || !NurseAbortReasons.Contains(reason))
        {
            return false;
        }

        End(s, "aborted", reason, now);
        return null;
    }

    public bool? Resume(CapChannel channel, TimeSpan now, bool safe, bool cap)
    {
        if (_channels[(int)channel] is not { Busy: true, Awaiting: { } awaiting } s || safe || !cap)
        {
            return true;
        }

        s.Open(awaiting)?.Close(now);
        s.Awaiting = null;
        s.AskingSince = null;
        return null;
    }

    /// <summary>The sessions step of one tick.</summary>
    public void Step(in SessionTickInput input)
    {
        var now = input.Now;
        foreach (var channel in CapChannels.All)
        {
            if (_channels[(int)channel] is not { Busy: true } s)
            {
                continue;
            }

            if (s.Cools)
            {
                foreach (var e in input.Events)
                {
                    if (e.Channel != channel)
                    {
                        continue;
                    }

                    var cause = e.Cause.Name();
                    var at = e.At + input.UptimeToTimeline;
                    if (e.Started)
                    {
                        if (s.Open(cause) is null)
                        {
                            s.Interruptions.Add(new ModelSpan(cause, at));
                        }

                        if (cause == "stop-button" && s.Awaiting is null)
                        {
                            s.Awaiting = cause;
                            s.AskingSince = null;
                        }
                    }
                    else if (!(cause == "stop-button" && s.Awaiting == cause))
                    {
                        s.Open(cause)?.Close(at);
                    }
                }

                var cap = input.CapConnected(channel);
                if (!cap && s.Open("cap-disconnected") is null)
                {
                    s.Interruptions.Add(new ModelSpan("cap-disconnected", now));
                }
                else if (cap)
                {
                    s.Open("cap-disconnected")?.Close(now);
                }

                if (s.Awaiting is { } awaiting)
                {
                    if (s.AskingSince is null)
                    {
                        s.AskingSince = input.SafeState ? null : now;
                    }
                    else if (now - s.AskingSince.Value >= TimeSpan.FromMinutes(_options.ResumeWindowMinutes))
                    {
                        End(s, "aborted", awaiting, now);
                    }
                }
            }

            if (s.Busy && s.Phase == SessionPhase.Postcool && CountdownEnd(s, now) is { } end)
            {
                End(s, "completed", null, end);
            }
        }

        var raised = new List<(string Code, CapChannel? Channel)>();
        foreach (var channel in CapChannels.All)
        {
            var active = _channels[(int)channel] is { Busy: true } s && s.Open("cap-disconnected") is { } off
                && now - off.Start >= TimeSpan.FromMinutes(_options.CapOffAlarmMinutes);
            if (active && !_capOffRaised[(int)channel])
            {
                raised.Add(("cap-off-long", channel));
            }

            _capOffRaised[(int)channel] = active;
        }

        if (_restartPending)
        {
            raised.Add(("unit-restarted", null));
            _restartPending = false;
        }

        foreach (var (code, alarmChannel) in raised)
        {
            foreach (var channel in CapChannels.All)
            {
                if (_channels[(int)channel] is { Busy: true } s && (alarmChannel is null || alarmChannel == channel) && !s.Alarms.Contains(code))
                {
                    s.Alarms.Add(code);
                }
            }
        }
    }

    /// <summary>
    /// A new host recovers each open session from its newest journaled row: a cooling one is interrupted by power-loss
    /// from that row (what came after is not vouched for) and waits for the nurse. The alarm codes noted on the
    /// session are taken from the row (the model does not decide when the manager journals them).
    /// </summary>
    public void Restart(IReadOnlyList<SessionRow> rows)
    {
        Array.Clear(_capOffRaised);
        foreach (var channel in CapChannels.All)
        {
            if (_channels[(int)channel] is not { Busy: true } s)
            {
                _doneBeforeRestart[(int)channel] = _channels[(int)channel] is not null;
                continue;
            }

            var row = rows.Single(r => r.SessionId == s.SessionId);
            s.Alarms = [.. SessionJson.Deserialize(row.StateJson).Alarms];
            if (!s.Cools)
            {
                continue;
            }

            foreach (var span in s.Interruptions.Where(i => i.IsOpen))
            {
                span.Close(row.Timeline);
            }

            s.Interruptions.Add(new ModelSpan("power-loss", row.Timeline));
            s.Awaiting = "power-loss";
            s.AskingSince = null;
            _restartPending = true;
        }
    }

    /// <summary>What the final record of <paramref name="s"/> must say, in the form <see cref="Fingerprint(SessionRecord)"/> writes.</summary>
    public string Fingerprint(ModelSession s)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.SessionId} {s.Channel} {s.Outcome} reason={s.AbortReason} {At(s.Opened)}..{At(s.Ended)}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"prescribed {s.PrescribedPrecool}/{s.PrescribedPostcool} default {s.DefaultPrecool}/{s.DefaultPostcool} override={s.OverrideReason}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Regimen} thick={s.ThickHair} fitting={s.InitialFitting} {_rule}");
        var billable = new Dictionary<string, long>(StringComparer.Ordinal) { ["precool"] = 0, ["infusion"] = 0, ["postcool"] = 0 };
        foreach (var phase in s.Phases)
        {
            var end = phase.End!.Value;
            var seconds = Floor(end - phase.Start);
            var interrupted = Floor(Union(s.Interruptions, phase.Start, end));
            billable[phase.Name] = seconds - interrupted;
            text.AppendLine(CultureInfo.InvariantCulture, $"phase {phase.Name} {At(phase.Start)}..{At(end)} {seconds}s interrupted {interrupted}s");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"billable {billable["precool"]}/{billable["infusion"]}/{billable["postcool"]}");
        foreach (var i in s.Interruptions.OrderBy(i => i.Start).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"interruption {i.Name} {At(i.Start)}..{At(i.End)} {Floor(i.End!.Value - i.Start)}s");
        }

        var lines = new List<string>();
        if (s.PhaseSpan("precool") is not null)
        {
            if (s.InitialFitting)
            {
                lines.Add("97007x1");
            }

            lines.Add("97008x1");
            var post = billable["postcool"];
            var units = _rule == FullIncrements ? post / 1800 : (post + 840) / 1800;
            if (units > 0)
            {
                lines.Add($"97009x{units}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"billing {string.Join(",", lines)}");
        text.Append(CultureInfo.InvariantCulture, $"alarms {string.Join(",", s.Alarms)}");
        return text.ToString();
    }

    /// <summary>A final record in the same form, for comparison with the model's.</summary>
    public static string Fingerprint(SessionRecord r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{r.SessionId} {r.Channel} {r.Outcome} reason={r.AbortReason} {Wall(r.StartedAt)}..{Wall(r.EndedAt)}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"prescribed {r.Prescribed.PrecoolSeconds}/{r.Prescribed.PostcoolSeconds} default {r.RegimenDefault.PrecoolSeconds}/{r.RegimenDefault.PostcoolSeconds} override={r.OverrideReason}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{r.Regimen} thick={r.ThickHair} fitting={r.InitialFitting} {r.BillingRule}");
        foreach (var p in r.Phases)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"phase {p.Phase} {Wall(p.StartedAt)}..{Wall(p.EndedAt)} {p.Seconds}s interrupted {p.InterruptedSeconds}s");
        }

        var b = r.BillableSeconds;
        text.AppendLine(CultureInfo.InvariantCulture, $"billable {b.Precool}/{b.Infusion}/{b.Postcool}");

        foreach (var i in r.Interruptions
                     .OrderBy(i => i.StartedAt).ThenBy(i => i.Cause, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"interruption {i.Cause} {Wall(i.StartedAt)}..{Wall(i.EndedAt)} {i.Seconds}s");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"billing {string.Join(",", r.Billing.Select(l => $"{l.Code}x{l.Units}"))}");
        text.Append(CultureInfo.InvariantCulture, $"alarms {string.Join(",", r.Alarms)}");
        return text.ToString();
    }

    // The instant the post-cool countdown reached zero: walk the cooled gaps between the merged interruptions until
    // they add up to the prescription; null when they do not yet.
    private static TimeSpan? CountdownEnd(ModelSession s, TimeSpan now)
    {
        var phase = s.PhaseSpan("postcool")!;
        var left = TimeSpan.FromSeconds(s.PrescribedPostcool);
        var cursor = phase.Start;
        foreach (var (from, to) in Merged(s.Interruptions, phase.Start, now))
        {
            if (from - cursor >= left)
            {
                return cursor + left;
            }

            left -= from - cursor;
            cursor = to;
        }

        return now - cursor >= left ? cursor + left : null;
    }

    private static TimeSpan Union(List<ModelSpan> spans, TimeSpan from, TimeSpan to)
    {
        var total = TimeSpan.Zero;
        foreach (var (a, b) in Merged(spans, from, to))
        {
            total += b - a;
        }

        return total;
    }

    // The interruptions clipped to [from, to], merged where they overlap or touch, in order.
    private static List<(TimeSpan From, TimeSpan To)> Merged(List<ModelSpan> spans, TimeSpan from, TimeSpan to)
    {
        var clipped = spans
            .Select(i => (From: i.Start > from ? i.Start : from, To: i.EndOr(to) < to ? i.EndOr(to) : to))
            .Where(i => i.To > i.From)
            .OrderBy(i => i.From)
            .ToList();
        var merged = new List<(TimeSpan From, TimeSpan To)>();
        foreach (var piece in clipped)
        {
            if (merged.Count > 0 && piece.From <= merged[^1].To)
            {
                merged[^1] = (merged[^1].From, piece.To > merged[^1].To ? piece.To : merged[^1].To);
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }

    private bool? Next(CapChannel channel, SessionPhase from, string name, SessionPhase to, TimeSpan now)
    {
        if (_channels[(int)channel] is not { Busy: true } s || s.Phase != from)
        {
            return true;
        }

        Begin(s, name, to, now);
        return null;
    }

    private static void Begin(ModelSession s, string name, SessionPhase phase, TimeSpan now)
    {
        s.Phases.LastOrDefault(p => p.IsOpen)?.Close(now);
        s.Phases.Add(new ModelSpan(name, now));
        s.Phase = phase;
    }

    private void End(ModelSession s, string outcome, string? reason, TimeSpan at)
    {
        s.Phases.LastOrDefault(p => p.IsOpen)?.Close(at);

        // An interruption that had not begun by the end is not part of the session.
        s.Interruptions.RemoveAll(i => i.Start > at);
        foreach (var span in s.Interruptions.Where(i => i.IsOpen))
        {
            span.Close(at);
        }

        s.Outcome = outcome;
        s.AbortReason = reason;
        s.Ended = at;
        s.Awaiting = null;
        s.AskingSince = null;
        Ended.Add(s);
    }

    private static bool BadText(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 64 || value.Any(char.IsControl);

    private static long Floor(TimeSpan span) => span.Ticks / TimeSpan.TicksPerSecond;

    private static string At(TimeSpan? timeline) => timeline is { } t ? t.ToString("c", CultureInfo.InvariantCulture) : "-";

    private static string Wall(DateTimeOffset? stamp) => stamp is { } s ? At(s - SessionBench.Epoch) : "-";
}
