using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Core.Time;

namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// Both channels' treatment sessions (README, "Sessions"): the transition table driven by nurse actions and by the
/// hardware (cap plugged or unplugged, the supervisor's interruptions, STOP, power loss), the countdowns of cooled
/// time, the resume window, and a journal row after every event plus a checkpoint every 10 s of device time.
/// Engine thread only. A refused action changes nothing.
/// </summary>
public sealed class SessionManager
{
    private readonly SessionOptions _options;
    private readonly string _unitId;
    private readonly bool _simulated;
    private readonly string _billingRule;
    private readonly Func<string, string> _protectPatientRef;
    private readonly Func<string> _newSessionId;
    private readonly SessionChannel[] _channels = [new(CapChannel.A), new(CapChannel.B)];
    private readonly CapOffLongCondition[] _capOff;

    /// <param name="protectPatientRef">Pseudonymises a patient reference before it is stored (identity without a key).</param>
    /// <param name="newSessionId">Makes session ids (random UUIDs; seeded in the scenario runner).</param>
    public SessionManager(SessionOptions options, string unitId, bool simulated, string billingRule, Func<string, string> protectPatientRef,
        Func<string> newSessionId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _unitId = unitId;
        _simulated = simulated;
        _billingRule = billingRule;
        _protectPatientRef = protectPatientRef;
        _newSessionId = newSessionId;
        _capOff = [new(CapChannel.A, options.CapOffAlarmMinutes), new(CapChannel.B, options.CapOffAlarmMinutes)];
    }

    /// <summary>The high-priority alarm a host restart during a session raises; a nurse's resume acknowledges it.</summary>
    public UnitRestartedCondition UnitRestarted { get; } = new();

    /// <summary>The alarm conditions the sessions raise (unit-restarted, each channel's cap-off-long), for recovery at start-up.</summary>
    public IEnumerable<AlarmCondition> AlarmConditions => [UnitRestarted, .. _capOff];

    public SessionChannel this[CapChannel channel] => _channels[(int)channel];

    /// <summary>Whether the channel wants cooling this tick (its valve opens).</summary>
    public bool WantsCooling(CapChannel channel, bool capConnected) => _channels[(int)channel].WantsCooling(capConnected);

    /// <summary>Opens a session on an idle or done channel.</summary>
    public (TreatmentSession? Session, SessionRefusal? Refusal) Open(CapChannel channel, NewSessionRequest request, in SessionActionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ch = _channels[(int)channel];
        if (ch.Busy)
        {
            return (null, SessionRefusal.Conflict(
                $"Channel {channel.Name()} already has a session in {ch.Phase.Name()}. Finish or abort it before starting a new one."));
        }

        if (Refuse(request, out var regimen, out var precool, out var postcool, out var reason) is { } refusal)
        {
            return (null, refusal);
        }

        if (context.FreeBytes < StorageLimits.NewSessionMinimumFreeBytes)
        {
            return (null, SessionRefusal.Conflict(
                $"The unit's storage is full ({context.FreeBytes.Value / (1024 * 1024)} MB free): a new session's times could not be saved. " +
                "Use another unit and call a technician; sessions already running go on."));
        }

        var defaultPrecool = (regimen.PreCoolMinutes + (request.ThickHair ? _options.ThickHairExtraPreCoolMinutes : 0)) * 60L;
        var defaultPostcool = regimen.PostCoolMinutes * 60L;
        var session = new TreatmentSession
        {
            SessionId = _newSessionId(),
            UnitId = _unitId,
            Channel = channel.Name(),
            Simulated = _simulated,
            PatientRef = _protectPatientRef(request.PatientRef!),
            OperatorId = request.OperatorId!,
            Regimen = request.Regimen!,
            ThickHair = request.ThickHair,
            InitialFitting = request.InitialFitting,
            PrescribedPrecoolSeconds = precool ?? defaultPrecool,
            PrescribedPostcoolSeconds = postcool ?? defaultPostcool,
            DefaultPrecoolSeconds = defaultPrecool,
            DefaultPostcoolSeconds = defaultPostcool,
            OverrideReason = (precool is { } p && p != defaultPrecool) || (postcool is { } q && q != defaultPostcool) ? reason : null,
            BillingRule = _billingRule,
            StartedAt = context.Wall,
            Opened = context.Now,
        };
        ch.Session = session;
        ch.NextCheckpoint = context.Now + CheckpointPeriod;
        Journal(context.Output, session, "opened", context.Wall, context.Now, request.OperatorId, null);
        return (session, null);
    }

    /// <summary>Starts pre-cooling: the cap is connected and the coolant ready.</summary>
    public SessionRefusal? Precool(CapChannel channel, string? operatorId, in SessionActionContext context)
    {
        if (Expect(channel, SessionPhase.Prepared, "precool", out var session) is { } refusal)
        {
            return refusal;
        }

        if (context.SafeState)
        {
            return SessionRefusal.Conflict("The unit is in its safe state and cannot cool; deal with the alarms first, then start pre-cool.");
        }

        if (!context.CapConnected(channel))
        {
            return SessionRefusal.Conflict($"Cap {channel.Name()} is not connected: plug its hose into channel {channel.Name()}, then start pre-cool.");
        }

        if (!context.Ready)
        {
            var now = context.SupplyC is { } c ? $" (now {c:0.0} C)" : string.Empty;
            return SessionRefusal.Conflict(
                $"The coolant is not ready yet{now}; wait until the unit shows ready at {context.SetpointC:0.#} C, then start pre-cool.");
        }

        BeginPhase(session!, SessionPhase.Precool, context.Now, context.Wall);
        Journal(context.Output, session!, "precool", context.Wall, context.Now, operatorId, null);
        return null;
    }

    /// <summary>The infusion has started: pre-cool ends (allowed at any time in pre-cool).</summary>
    public SessionRefusal? InfusionStart(CapChannel channel, string? operatorId, in SessionActionContext context)
    {
        if (Expect(channel, SessionPhase.Precool, "infusion-start", out var session) is { } refusal)
        {
            return refusal;
        }

        var detail = session!.Cooled(SessionPhase.Precool, context.Now) < session.Prescribed(SessionPhase.Precool) ? "precool-short" : null;
        BeginPhase(session, SessionPhase.Infusion, context.Now, context.Wall);
        Journal(context.Output, session, "infusion-start", context.Wall, context.Now, operatorId, detail);
        return null;
    }

    /// <summary>The infusion has ended: the post-cool countdown starts.</summary>
    public SessionRefusal? InfusionEnd(CapChannel channel, string? operatorId, in SessionActionContext context)
    {
        if (Expect(channel, SessionPhase.Infusion, "infusion-end", out var session) is { } refusal)
        {
            return refusal;
        }

        BeginPhase(session!, SessionPhase.Postcool, context.Now, context.Wall);
        Journal(context.Output, session!, "infusion-end", context.Wall, context.Now, operatorId, null);
        return null;
    }

    /// <summary>The nurse ends post-cool now (outcome <c>finished-early</c>).</summary>
    public SessionRefusal? Finish(CapChannel channel, string? operatorId, in SessionActionContext context)
    {
        if (Expect(channel, SessionPhase.Postcool, "finish", out var session) is { } refusal)
        {
            return refusal;
        }

        End(session!, "finished-early", null, context.Now, context.Wall, context.Output, "finish", operatorId);
        return null;
    }

    /// <summary>The nurse abandons the session; the record is still kept and published.</summary>
    public SessionRefusal? Abort(CapChannel channel, string? reason, string? operatorId, in SessionActionContext context)
    {
        var ch = _channels[(int)channel];
        if (!ch.Busy)
        {
            return NoSession(channel, "abort");
        }

        if (reason is null || !AbortReasons.ForNurses.Contains(reason))
        {
            return SessionRefusal.Invalid($"Give \"reason\", one of {string.Join(", ", AbortReasons.ForNurses)}.");
        }

        End(ch.Session!, "aborted", reason, context.Now, context.Wall, context.Output, "abort", operatorId);
        return null;
    }

    /// <summary>After a power loss or a STOP, the nurse confirms the cap is still on the patient's head: cooling resumes.</summary>
    public SessionRefusal? Resume(CapChannel channel, string? operatorId, in SessionActionContext context)
    {
        var ch = _channels[(int)channel];
        if (!ch.Busy)
        {
            return NoSession(channel, "resume");
        }

        var session = ch.Session!;
        if (session.AwaitingResume is null)
        {
            return SessionRefusal.Conflict($"Channel {channel.Name()} is not waiting for a resume; nothing to confirm.");
        }

        if (context.SafeState)
        {
            return SessionRefusal.Conflict("The unit is still in its safe state; release STOP and acknowledge the alarms first, then resume.");
        }

        if (!context.CapConnected(channel))
        {
            return SessionRefusal.Conflict($"Cap {channel.Name()} is not connected: plug its hose in, check the cap is still on the patient's head, then resume.");
        }

        var cause = session.AwaitingResume == Interruption.StopButton.Name() ? Interruption.StopButton : Interruption.PowerLoss;
        session.EndInterruption(cause, context.Now, context.Wall);
        session.AwaitingResume = null;
        session.AskingSince = null;

        // The nurse's deliberate confirmation also acknowledges the unit-wide unit-restarted alarm.
        foreach (var occurrence in context.Alarms.Open)
        {
            if (occurrence.Condition == UnitRestarted && occurrence.State == AlarmOccurrenceState.Raised)
            {
                context.Alarms.Acknowledge(occurrence.AlarmId, context.Wall);
                break;
            }
        }

        Journal(context.Output, session, "resume", context.Wall, context.Now, operatorId, cause.Name());
        return null;
    }

    /// <summary>
    /// Engine step 6: the tick's hardware events reach each session (interruptions from the supervisor, the cap
    /// switch, STOP), countdowns advance, post-cool completes by itself, the resume window runs, checkpoints are due.
    /// </summary>
    public void Step(in SessionTickInput input, AlarmSystem alarms, TickOutput output)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var ch in _channels)
        {
            if (ch.Busy)
            {
                StepChannel(ch, input, output);
            }

            var capOff = _capOff[(int)ch.Channel];
            capOff.Set(ch.Session is { IsFinal: false } s && s.OpenInterruption(Interruption.CapDisconnected) is { } off
                && input.Now - off.Start >= TimeSpan.FromMinutes(_options.CapOffAlarmMinutes));
            alarms.Update(capOff, capOff.Active, input.Now - input.UptimeToTimeline, input.Wall);
        }

        alarms.Update(UnitRestarted, UnitRestarted.Active, input.Now - input.UptimeToTimeline, input.Wall);
        UnitRestarted.Set(false);

        // Alarm codes raised this tick join the sessions that are open on their channel (or on every channel).
        var changes = alarms.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.State != AlarmOccurrenceState.Raised)
            {
                continue;
            }

            foreach (var ch in _channels)
            {
                // Journaled at once: the record's alarm list must survive a restart like everything else it holds.
                if (ch.Busy && (change.Occurrence.Channel is null || change.Occurrence.Channel == ch.Channel)
                    && ch.Session!.NoteAlarm(change.Occurrence.Code))
                {
                    Journal(output, ch.Session, "alarm", input.Wall, input.Now, null, change.Occurrence.Code);
                }
            }
        }
    }

    /// <summary>
    /// Recovery at start-up: sessions the journal holds open come back. A session that was cooling comes back interrupted
    /// by <c>power-loss</c> from its last journaled row (time the unit cannot vouch for is not billed) and waits for the
    /// nurse's resume; the <c>unit-restarted</c> alarm is raised. A session that had ended but whose record was not yet
    /// written is ended again, so that its record is written exactly once.
    /// </summary>
    /// <param name="lastEnded">Per channel, the newest row of the last session that ended: the channel shows it as done.</param>
    /// <returns>The number of open sessions recovered.</returns>
    public int Recover(IReadOnlyList<SessionRow> openSessions, TimeSpan now, DateTimeOffset wall, TickOutput output,
        IReadOnlyList<SessionRow>? lastEnded = null)
    {
        ArgumentNullException.ThrowIfNull(openSessions);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var row in lastEnded ?? [])
        {
            if (CapChannels.TryParse(row.Channel, out var channel) && SessionJson.Deserialize(row.StateJson) is { IsFinal: true } ended)
            {
                _channels[(int)channel].Session = ended;
            }
        }

        var recovered = 0;
        foreach (var row in openSessions)
        {
            if (!CapChannels.TryParse(row.Channel, out var channel))
            {
                continue;
            }

            var session = SessionJson.Deserialize(row.StateJson);
            var ch = _channels[(int)channel];
            ch.Session = session;
            ch.NextCheckpoint = now + CheckpointPeriod;
            recovered++;
            if (session.IsFinal)
            {
                output.Ended(session);
                continue;
            }

            if (!session.Phase.Cools())
            {
                continue;
            }

            // Nothing after the last row is vouched for: every interruption ends there and power-loss begins.
            foreach (var span in session.Interruptions)
            {
                if (span.IsOpen)
                {
                    span.Close(row.Timeline, row.At);
                }
            }

            session.BeginInterruption(Interruption.PowerLoss, row.Timeline, row.At);
            session.AwaitingResume = Interruption.PowerLoss.Name();
            session.AskingSince = null;
            UnitRestarted.Set(true);
            Journal(output, session, "recovered", wall, now, null, Interruption.PowerLoss.Name());
        }

        return recovered;
    }

    private TimeSpan CheckpointPeriod => TimeSpan.FromSeconds(_options.CheckpointSeconds);

    private void StepChannel(SessionChannel ch, in SessionTickInput input, TickOutput output)
    {
        var session = ch.Session!;
        var now = input.Now;
        TakeClock(session, input, output);
        if (session.Phase.Cools())
        {
            TakeSupervisorEvents(ch, session, input, output);
            TakeCap(ch, session, input, output);
            if (session.AwaitingResume is not null)
            {
                RunResumeWindow(session, input, output);
            }
        }

        if (session.IsFinal)
        {
            return;
        }

        if (session.WantsCooling && input.CapConnected(ch.Channel) && input.Causes(ch.Channel) == Interruption.None && input.SupplyC is { } supply)
        {
            session.SampleCoolant(supply);
        }

        if (session.Phase == SessionPhase.Precool && !session.PrecoolDone && session.Remaining(now) == TimeSpan.Zero)
        {
            session.PrecoolDone = true;
            Journal(output, session, "precool-complete", input.Wall, now, null, null);
        }

        if (session.Phase == SessionPhase.Postcool)
        {
            var over = session.Cooled(SessionPhase.Postcool, now) - session.Prescribed(SessionPhase.Postcool);
            if (over >= TimeSpan.Zero)
            {
                // The countdown reached zero inside this tick's cooled stretch: the phase ends at that instant, so a
                // completed session bills exactly its prescribed post-cool.
                End(session, "completed", null, now - over, input.WallAt(now - over), output, "completed", null);
                return;
            }
        }

        if (now >= ch.NextCheckpoint)
        {
            ch.NextCheckpoint = now + CheckpointPeriod;
            Journal(output, session, "checkpoint", input.Wall, now, null, null);
        }
    }

    // The wall clock, which stamps the record (its seconds never depend on it): a step is put in the audit trail with
    // its size, and a moment unsynchronised marks the record clockSynced false.
    private static void TakeClock(TreatmentSession session, in SessionTickInput input, TickOutput output)
    {
        if (session.IsFinal)
        {
            return;
        }

        if (input.ClockStep != TimeSpan.Zero)
        {
            Journal(output, session, "clock-step", input.Wall, input.Now, null, ClockSteps.Detail(input.ClockStep));
        }

        if (!input.ClockSynced && !session.ClockUnsynced)
        {
            session.ClockUnsynced = true;
            Journal(output, session, "clock-unsynced", input.Wall, input.Now, null, null);
        }
    }

    private static void TakeSupervisorEvents(SessionChannel ch, TreatmentSession session, in SessionTickInput input, TickOutput output)
    {
        var events = input.Events;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Channel != ch.Channel)
            {
                continue;
            }

            var at = e.At + input.UptimeToTimeline;
            var name = e.Cause.Name();
            if (e.Started)
            {
                if (session.BeginInterruption(e.Cause, at, input.WallAt(at)))
                {
                    Journal(output, session, "interruption-start", input.Wall, input.Now, null, name);
                }

                if (e.Cause == Interruption.StopButton && session.AwaitingResume is null)
                {
                    // After a STOP the session waits for the nurse: the cap may have come off while cooling was cut.
                    session.AwaitingResume = name;
                    session.AskingSince = null;
                    Journal(output, session, "stop-button", input.Wall, input.Now, null, name);
                }
            }
            else if (!(e.Cause == Interruption.StopButton && session.AwaitingResume == name)
                && session.EndInterruption(e.Cause, at, input.WallAt(at)))
            {
                Journal(output, session, "interruption-end", input.Wall, input.Now, null, name);
            }
        }
    }

    private static void TakeCap(SessionChannel ch, TreatmentSession session, in SessionTickInput input, TickOutput output)
    {
        var connected = input.CapConnected(ch.Channel);
        if (!connected && session.BeginInterruption(Interruption.CapDisconnected, input.Now, input.Wall))
        {
            Journal(output, session, "interruption-start", input.Wall, input.Now, null, Interruption.CapDisconnected.Name());
        }
        else if (connected && session.EndInterruption(Interruption.CapDisconnected, input.Now, input.Wall))
        {
            Journal(output, session, "interruption-end", input.Wall, input.Now, null, Interruption.CapDisconnected.Name());
        }
    }

    private void RunResumeWindow(TreatmentSession session, in SessionTickInput input, TickOutput output)
    {
        if (session.AskingSince is null)
        {
            if (input.SafeState)
            {
                return;
            }

            // The window counts from the moment the unit is back and asking, not from the outage's start.
            session.AskingSince = input.Now;
            Journal(output, session, "awaiting-resume", input.Wall, input.Now, null, session.AwaitingResume);
            return;
        }

        if (input.Now - session.AskingSince.Value >= TimeSpan.FromMinutes(_options.ResumeWindowMinutes))
        {
            var reason = session.AwaitingResume == Interruption.StopButton.Name() ? AbortReasons.StopButton : AbortReasons.PowerLoss;
            End(session, "aborted", reason, input.Now, input.Wall, output, "resume-window-expired", null);
        }
    }

    private static void BeginPhase(TreatmentSession session, SessionPhase phase, TimeSpan now, DateTimeOffset wall)
    {
        session.CurrentPhase?.Close(now, wall);
        session.Phases.Add(new TimedSpan { Name = phase.Name(), Start = now, StartedAt = wall });
        session.Phase = phase;
    }

    private static void End(TreatmentSession session, string outcome, string? reason, TimeSpan at, DateTimeOffset wall, TickOutput output, string kind,
        string? operatorId)
    {
        session.CurrentPhase?.Close(at, wall);

        // The end may fall inside this tick (the countdown crossed zero before the tick's instant): an interruption
        // first seen on this tick began after it, and is no part of the session.
        session.Interruptions.RemoveAll(span => span.IsOpen && span.Start > at);
        foreach (var span in session.Interruptions)
        {
            if (span.IsOpen)
            {
                span.Close(at, wall);
            }
        }

        session.Phase = SessionPhase.Done;
        session.Outcome = outcome;
        session.AbortReason = reason;
        session.AwaitingResume = null;
        session.AskingSince = null;
        session.Ended = at;
        session.EndedAt = wall;
        Journal(output, session, kind, wall, at, operatorId, reason);
        output.Ended(session);
    }

    private SessionRefusal? Expect(CapChannel channel, SessionPhase phase, string action, out TreatmentSession? session)
    {
        var ch = _channels[(int)channel];
        session = ch.Session;
        if (!ch.Busy)
        {
            return NoSession(channel, action);
        }

        if (ch.Phase != phase)
        {
            return SessionRefusal.Conflict(
                $"Channel {channel.Name()} is in {ch.Phase.Name()}; '{action}' is only possible in {phase.Name()}.");
        }

        return null;
    }

    private static SessionRefusal NoSession(CapChannel channel, string action) =>
        SessionRefusal.Conflict($"There is no running session on channel {channel.Name()} to {action}; start a new session first.");

    private SessionRefusal? Refuse(NewSessionRequest request, out RegimenOptions regimen, out long? precool, out long? postcool, out string? reason)
    {
        regimen = null!;
        precool = null;
        postcool = null;
        reason = request.OverrideReason;
        if (Privacy.PatientRefs.Validate(request.PatientRef, "patientRef") is { } badRef)
        {
            return SessionRefusal.Invalid(badRef);
        }

        if (Privacy.PatientRefs.Validate(request.OperatorId, "operatorId") is { } badOperator)
        {
            return SessionRefusal.Invalid(badOperator);
        }

        if (request.Regimen is null || !_options.Regimens.TryGetValue(request.Regimen, out regimen!))
        {
            return SessionRefusal.Invalid($"Choose a regimen: {string.Join(", ", _options.Regimens.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (request.PreCoolMinutes is { } pre)
        {
            if (pre is < SessionOptions.MinPreCoolMinutes or > SessionOptions.MaxPreCoolMinutes)
            {
                return SessionRefusal.Invalid($"preCoolMinutes must be {SessionOptions.MinPreCoolMinutes} to {SessionOptions.MaxPreCoolMinutes} minutes.");
            }

            precool = pre * 60L;
        }

        if (request.PostCoolMinutes is { } post)
        {
            if (post is < SessionOptions.MinPostCoolMinutes or > SessionOptions.MaxPostCoolMinutes)
            {
                return SessionRefusal.Invalid($"postCoolMinutes must be {SessionOptions.MinPostCoolMinutes} to {SessionOptions.MaxPostCoolMinutes} minutes.");
            }

            postcool = post * 60L;
        }

        var defaultPre = (regimen.PreCoolMinutes + (request.ThickHair ? _options.ThickHairExtraPreCoolMinutes : 0)) * 60L;
        var overridden = (precool is { } p && p != defaultPre) || (postcool is { } q && q != regimen.PostCoolMinutes * 60L);
        if (reason is not null && !OverrideReasons.All.Contains(reason))
        {
            return SessionRefusal.Invalid($"overrideReason must be one of {string.Join(", ", OverrideReasons.All)}.");
        }

        if (overridden && reason is null)
        {
            return SessionRefusal.Invalid(
                $"The prescribed times differ from {request.Regimen}'s defaults ({defaultPre / 60}/{regimen.PostCoolMinutes} min): give overrideReason, one of {string.Join(", ", OverrideReasons.All)}.");
        }

        return null;
    }

    private static void Journal(TickOutput output, TreatmentSession session, string kind, DateTimeOffset at, TimeSpan timeline, string? operatorId,
        string? detail) =>
        output.Add(new SessionRowWrite(session.SessionId, session.Channel, kind, at, timeline, operatorId, detail, SessionJson.Serialize(session)));
}
