using System.Text;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Billing;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Core.Ticking;

namespace Paxman.Edge.Core.Tests.Sessions;

/// <summary>
/// Drives a <see cref="SessionManager"/> as the engine's tick does, with no engine: nurse actions, then each tick the
/// sessions step with a <see cref="SessionTickInput"/> built here. A small stand-in for the safety supervisor turns the
/// faults set on the bench into interruption events the way the real one does: only for a channel being cooled, dated
/// from the fault's first sample (never before cooling began), ended when the fault clears or cooling stops. The wall
/// clock is the epoch plus the timeline, so every stamp is predictable. Journal rows, ended sessions and their records
/// are collected; <see cref="Restart"/> brings a new manager up from the newest row of each open session.
/// </summary>
internal sealed class SessionBench
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly Func<string> _newSessionId;
    private readonly Interruption[] _previousCauses = new Interruption[2];
    private readonly TimeSpan?[] _demandSince = new TimeSpan?[2];
    private readonly List<Fault> _faults = [];
    private int _seenWrites;
    private int _seenEnded;
    private long _tick;
    private int _sessions;

    public SessionBench(SessionOptions? options = null, string? billingRule = null)
    {
        Options = options ?? new SessionOptions();
        BillingRule = billingRule ?? BillingRules.Default.Name;
        _newSessionId = () => $"session-{++_sessions}";
        Manager = NewManager();
    }

    public SessionOptions Options { get; }

    public string BillingRule { get; }

    public SessionManager Manager { get; private set; }

    public AlarmSystem Alarms { get; private set; } = new();

    public TickOutput Output { get; } = new();

    /// <summary>The unit's monotonic timeline (device time, continued across restarts).</summary>
    public TimeSpan Now { get; private set; } = TimeSpan.FromHours(1);

    public DateTimeOffset Wall => Epoch + Now;

    /// <summary>The timeline when the current host started (its uptime is zero there).</summary>
    public TimeSpan HostStart { get; private set; } = TimeSpan.FromHours(1);

    public bool Ready { get; set; } = true;

    /// <summary>The unit holds its safe state (the stand-in supervisor interrupts every cooled channel).</summary>
    public bool SafeState { get; set; }

    /// <summary>The cause the safe state puts on cooled channels.</summary>
    public Interruption SafeCause { get; set; } = Interruption.SafetyStop;

    public bool CapA { get; set; } = true;

    public bool CapB { get; set; } = true;

    public double? SupplyC { get; set; } = -4.0;

    /// <summary>The nurse who acts.</summary>
    public string OperatorId { get; set; } = "nurse-7";

    /// <summary>Every session row journaled, oldest first.</summary>
    public List<SessionRowWrite> Rows { get; } = [];

    /// <summary>The newest row of each session.</summary>
    public Dictionary<string, SessionRowWrite> LastRow { get; } = new(StringComparer.Ordinal);

    /// <summary>Each ended session's final record, in the order they ended.</summary>
    public List<SessionRecord> Records { get; } = [];

    /// <summary>Every alarm change since the bench started (across restarts).</summary>
    public List<AlarmChange> AlarmChanges { get; } = [];

    /// <summary>Called with each tick's input just before the sessions step (a reference model steps beside them).</summary>
    public Action<SessionTickInput>? BeforeStep { get; set; }

    /// <summary>Called with the rows a new host recovers, and its timeline, just before it recovers them.</summary>
    public Action<IReadOnlyList<SessionRow>, TimeSpan>? BeforeRecover { get; set; }

    public SessionChannel this[CapChannel channel] => Manager[channel];

    public TreatmentSession? Session(CapChannel channel) => Manager[channel].Session;

    public SessionActionContext Context => new(Now, Wall, Ready, SafeState, CapA, CapB, SupplyC, -4.0, Alarms, Output);

    public bool CapConnected(CapChannel channel) => channel == CapChannel.A ? CapA : CapB;

    public void SetCap(CapChannel channel, bool connected)
    {
        if (channel == CapChannel.A)
        {
            CapA = connected;
        }
        else
        {
            CapB = connected;
        }
    }

    /// <summary>A channel fault the supervisor reports as an interruption, dated from <paramref name="since"/> (now by default).</summary>
    /// <param name="visibleAfter">How long until the supervisor confirms it (a confirmation window); it is still dated from its start.</param>
    public void SetFault(CapChannel channel, Interruption cause, bool active, TimeSpan? since = null, TimeSpan visibleAfter = default)
    {
        _faults.RemoveAll(f => f.Channel == channel && f.Cause == cause);
        if (active)
        {
            var start = since ?? Now;
            _faults.Add(new Fault(channel, cause, start, start + visibleAfter));
        }
    }

    public NewSessionRequest Request(string regimen = "default", bool initialFitting = true, int? pre = null, int? post = null, string? reason = null,
        bool thickHair = false) => new()
        {
            PatientRef = "MRN-0042",
            OperatorId = OperatorId,
            Regimen = regimen,
            InitialFitting = initialFitting,
            ThickHair = thickHair,
            PreCoolMinutes = pre,
            PostCoolMinutes = post,
            OverrideReason = reason,
        };

    public (TreatmentSession? Session, SessionRefusal? Refusal) Open(CapChannel channel, NewSessionRequest request) =>
        Collected(Manager.Open(channel, request, Context));

    public TreatmentSession OpenOk(CapChannel channel, NewSessionRequest? request = null)
    {
        var (session, refusal) = Open(channel, request ?? Request());
        Assert.Null(refusal);
        return Assert.IsType<TreatmentSession>(session);
    }

    public SessionRefusal? Precool(CapChannel channel) => Collected(Manager.Precool(channel, OperatorId, Context));

    public SessionRefusal? InfusionStart(CapChannel channel) => Collected(Manager.InfusionStart(channel, OperatorId, Context));

    public SessionRefusal? InfusionEnd(CapChannel channel) => Collected(Manager.InfusionEnd(channel, OperatorId, Context));

    public SessionRefusal? Finish(CapChannel channel) => Collected(Manager.Finish(channel, OperatorId, Context));

    public SessionRefusal? Resume(CapChannel channel) => Collected(Manager.Resume(channel, OperatorId, Context));

    public SessionRefusal? Abort(CapChannel channel, string? reason) => Collected(Manager.Abort(channel, reason, OperatorId, Context));

    /// <summary>Asserts the action was done.</summary>
    public void Ok(SessionRefusal? refusal) => Assert.True(refusal is null, $"{refusal?.Detail} (at {Now})");

    /// <summary>One tick <paramref name="dt"/> after the last.</summary>
    public void Tick(TimeSpan dt)
    {
        Now += dt;
        Step();
    }

    /// <summary>Ticks every <paramref name="dt"/> (the last tick shorter) until <paramref name="duration"/> has passed.</summary>
    public void Run(TimeSpan duration, TimeSpan? dt = null)
    {
        var step = dt ?? TimeSpan.FromMilliseconds(100);
        var end = Now + duration;
        while (Now < end)
        {
            Tick(end - Now < step ? end - Now : step);
        }
    }

    /// <summary>Ticks until <paramref name="until"/> holds or <paramref name="limit"/> has passed; returns whether it held.</summary>
    public bool RunUntil(Func<bool> until, TimeSpan limit, TimeSpan? dt = null)
    {
        var step = dt ?? TimeSpan.FromMilliseconds(100);
        var end = Now + limit;
        while (!until())
        {
            if (Now >= end)
            {
                return false;
            }

            Tick(step);
        }

        return true;
    }

    /// <summary>Runs to pre-cool on a channel (opened, pre-cool started).</summary>
    public TreatmentSession StartPrecool(CapChannel channel, NewSessionRequest? request = null)
    {
        var session = OpenOk(channel, request);
        Ok(Precool(channel));
        return session;
    }

    /// <summary>
    /// The host dies (rows not yet journaled are not lost: every row here is durable) and a new one comes up
    /// <paramref name="outage"/> later on the same device timeline; it recovers the newest row of every session that
    /// has no record, then runs its first tick.
    /// </summary>
    public int Restart(TimeSpan outage)
    {
        var open = LastRow.Values.Where(r => Records.TrueForAll(rec => rec.SessionId != r.SessionId)).ToList();
        var ended = LastRow.Values.Where(r => Records.Exists(rec => rec.SessionId == r.SessionId))
            .GroupBy(r => r.Channel, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        Now += outage;
        HostStart = Now;
        Manager = NewManager();
        Alarms = new AlarmSystem();
        Array.Clear(_previousCauses);
        Array.Clear(_demandSince);
        BeginTick();
        var sequence = 0L;
        var rows = open.Select(r => new SessionRow(++sequence, r.SessionId, r.Channel, r.Kind, r.At, r.Timeline, r.OperatorId, r.Detail, r.StateJson)).ToList();
        BeforeRecover?.Invoke(rows, Now);
        var endedRows = ended.Select(r => new SessionRow(++sequence, r.SessionId, r.Channel, r.Kind, r.At, r.Timeline, r.OperatorId, r.Detail, r.StateJson)).ToList();
        var recovered = Manager.Recover(rows, Now, Wall, Output, endedRows);
        Collect();
        StepSessions();
        return recovered;
    }

    /// <summary>A serialised picture of everything a refused action must leave as it was.</summary>
    public string Snapshot()
    {
        var text = new StringBuilder();
        foreach (var channel in CapChannels.All)
        {
            var ch = Manager[channel];
            text.Append(channel.Name()).Append(": ").Append(ch.Phase.Name()).Append(' ')
                .AppendLine(ch.Session is { } s ? SessionJson.Serialize(s) : "none");
        }

        text.Append("rows=").Append(Output.JournalWrites.Count).Append(" ended=").Append(Output.EndedSessions.Count)
            .Append(" alarmChanges=").Append(Alarms.Changes.Count).AppendLine();
        foreach (var occurrence in Alarms.Open)
        {
            text.Append(occurrence.AlarmId).Append(' ').AppendLine(occurrence.State.Name());
        }

        return text.ToString();
    }

    private void Step()
    {
        BeginTick();
        StepSessions();
    }

    private void BeginTick()
    {
        Output.Begin(++_tick, Now - HostStart);
        _seenWrites = 0;
        _seenEnded = 0;
    }

    private void StepSessions()
    {
        Alarms.BeginTick(Now - HostStart);
        var events = Supervise();
        var input = new SessionTickInput(Now, Wall, HostStart, CapA, CapB, _previousCauses[0], _previousCauses[1], events, SupplyC, SafeState);
        BeforeStep?.Invoke(input);
        Manager.Step(input, Alarms, Output);
        Collect();
        AlarmChanges.AddRange(Alarms.Changes);
        Alarms.ClearChanges();
    }

    // The supervisor's rule for interruptions, in miniature: causes only on a channel being cooled (its session wants
    // cooling and the cap is plugged in), dated from the fault's first sample but never before cooling began.
    private List<InterruptionEvent> Supervise()
    {
        var events = new List<InterruptionEvent>();
        Span<TimeSpan> since = stackalloc TimeSpan[7];
        foreach (var channel in CapChannels.All)
        {
            var i = (int)channel;
            var demand = Manager.WantsCooling(channel, CapConnected(channel));
            _demandSince[i] = demand ? _demandSince[i] ?? Now : null;
            var causes = Interruption.None;
            since.Clear();
            if (demand)
            {
                foreach (var fault in _faults)
                {
                    if (fault.Channel == channel && fault.VisibleAt <= Now)
                    {
                        causes |= fault.Cause;
                        since[Bit(fault.Cause)] = fault.Since;
                    }
                }

                if (SafeState)
                {
                    causes |= SafeCause;
                    since[Bit(SafeCause)] = Now;
                }
            }

            var before = _previousCauses[i];
            for (var bit = 0; bit < 7; bit++)
            {
                var cause = (Interruption)(1 << bit);
                var was = (before & cause) != 0;
                var isNow = (causes & cause) != 0;
                if (isNow && !was)
                {
                    var from = since[bit] < Now ? since[bit] : Now;
                    from = from > _demandSince[i]!.Value ? from : _demandSince[i]!.Value;
                    events.Add(new InterruptionEvent(channel, cause, Started: true, from - HostStart));
                }
                else if (was && !isNow)
                {
                    events.Add(new InterruptionEvent(channel, cause, Started: false, Now - HostStart));
                }
            }

            _previousCauses[i] = causes;
        }

        return events;
    }

    private static int Bit(Interruption cause) => System.Numerics.BitOperations.TrailingZeroCount((uint)cause);

    private T Collected<T>(T result)
    {
        Collect();
        return result;
    }

    private void Collect()
    {
        var writes = Output.JournalWrites;
        for (; _seenWrites < writes.Count; _seenWrites++)
        {
            if (writes[_seenWrites] is SessionRowWrite row)
            {
                Rows.Add(row);
                LastRow[row.SessionId] = row;
            }
        }

        var ended = Output.EndedSessions;
        for (; _seenEnded < ended.Count; _seenEnded++)
        {
            Records.Add(SessionRecordBuilder.Build(ended[_seenEnded], Now));
        }
    }

    private SessionManager NewManager()
    {
        return new SessionManager(Options, "PX-TEST-0001", simulated: true, BillingRule, p => p, _newSessionId);
    }

    private sealed record Fault(CapChannel Channel, Interruption Cause, TimeSpan Since, TimeSpan VisibleAt);
}
