using System.Text.Json.Serialization;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety;

namespace Paxman.Edge.Core.Sessions;

/// <summary>
/// One treatment session on one channel: who, which regimen and prescribed times, its phases and interruptions on
/// the unit's monotonic timeline, and how it ended (README, "Sessions"). Plain data with the arithmetic over it;
/// the transitions are <see cref="SessionChannel"/>'s. It is journaled whole after every event and checkpoint, so
/// recovery takes the newest copy.
/// </summary>
public sealed class TreatmentSession
{
    public required string SessionId { get; init; }

    public required string UnitId { get; init; }

    /// <summary>"A" or "B".</summary>
    public required string Channel { get; init; }

    public required bool Simulated { get; init; }

    /// <summary>The patient reference as stored (already pseudonymised when a key is configured).</summary>
    public required string PatientRef { get; init; }

    /// <summary>The nurse who opened the session.</summary>
    public required string OperatorId { get; init; }

    public required string Regimen { get; init; }

    public required bool ThickHair { get; init; }

    public required bool InitialFitting { get; init; }

    public required long PrescribedPrecoolSeconds { get; init; }

    public required long PrescribedPostcoolSeconds { get; init; }

    public required long DefaultPrecoolSeconds { get; init; }

    public required long DefaultPostcoolSeconds { get; init; }

    public string? OverrideReason { get; init; }

    public required string BillingRule { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The unit's timeline when the session was opened.</summary>
    public required TimeSpan Opened { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<SessionPhase>))]
    public SessionPhase Phase { get; set; } = SessionPhase.Prepared;

    /// <summary>The cooling phases that started, in order.</summary>
    public List<TimedSpan> Phases { get; init; } = [];

    /// <summary>Every interruption, sorted by start (they may overlap).</summary>
    public List<TimedSpan> Interruptions { get; init; } = [];

    /// <summary>After a power loss or a STOP: the cause while the session waits for the nurse's resume, else null.</summary>
    public string? AwaitingResume { get; set; }

    /// <summary>When the unit began asking for the resume (it was back and could cool), or null.</summary>
    public TimeSpan? AskingSince { get; set; }

    /// <summary>The pre-cool countdown has reached zero (the infusion may start).</summary>
    public bool PrecoolDone { get; set; }

    /// <summary>The wall clock was unsynchronised at some moment of the session (its record says <c>clockSynced: false</c>).</summary>
    public bool ClockUnsynced { get; set; }

    public string? Outcome { get; set; }

    public string? AbortReason { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public TimeSpan? Ended { get; set; }

    public double CoolantMinC { get; set; } = double.PositiveInfinity;

    public double CoolantMaxC { get; set; } = double.NegativeInfinity;

    public double CoolantSumC { get; set; }

    public long CoolantSamples { get; set; }

    /// <summary>Alarm codes raised for this channel or unit-wide while the session ran, in the order first raised.</summary>
    public List<string> Alarms { get; init; } = [];

    /// <summary>The session is over (its record is final).</summary>
    [JsonIgnore]
    public bool IsFinal => Outcome is not null;

    /// <summary>The cap is to be cooled now: a cooling phase, not waiting for a resume.</summary>
    [JsonIgnore]
    public bool WantsCooling => Phase.Cools() && AwaitingResume is null;

    /// <summary>The span of the current cooling phase, or null.</summary>
    [JsonIgnore]
    public TimedSpan? CurrentPhase => Phases.Count > 0 && Phases[^1].IsOpen ? Phases[^1] : null;

    public TimeSpan Prescribed(SessionPhase phase) => TimeSpan.FromSeconds(phase == SessionPhase.Precool ? PrescribedPrecoolSeconds : PrescribedPostcoolSeconds);

    /// <summary>The phase's span, or null if it never started.</summary>
    public TimedSpan? PhaseSpan(SessionPhase phase)
    {
        var name = phase.Name();
        foreach (var span in Phases)
        {
            if (span.Name == name)
            {
                return span;
            }
        }

        return null;
    }

    /// <summary>Cooled time in <paramref name="phase"/> so far: its length less the union of interruptions inside it.</summary>
    public TimeSpan Cooled(SessionPhase phase, TimeSpan now)
    {
        if (PhaseSpan(phase) is not { } span)
        {
            return TimeSpan.Zero;
        }

        var end = span.End ?? now;
        return end - span.Start - InterruptedWithin(span.Start, end, now);
    }

    /// <summary>The union of the interruptions inside [<paramref name="from"/>, <paramref name="to"/>): overlapping ones count once.</summary>
    public TimeSpan InterruptedWithin(TimeSpan from, TimeSpan to, TimeSpan now)
    {
        // Runs every tick: the spans are copied to the stack, not the heap (a session has a handful).
        var count = Interruptions.Count;
        Span<TimelineInterval> spans = count <= 32 ? stackalloc TimelineInterval[count] : new TimelineInterval[count];
        for (var i = 0; i < count; i++)
        {
            spans[i] = new TimelineInterval(Interruptions[i].Start, Interruptions[i].End);
        }

        return Intervals.CoveredWithin(spans, from, to, now);
    }

    /// <summary>Cooled time left of the current countdown (pre-cool or post-cool), or null in other phases.</summary>
    public TimeSpan? Remaining(TimeSpan now)
    {
        if (Phase is not (SessionPhase.Precool or SessionPhase.Postcool))
        {
            return null;
        }

        var left = Prescribed(Phase) - Cooled(Phase, now);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The open interruption with this cause, or null.</summary>
    public TimedSpan? OpenInterruption(Interruption cause)
    {
        var name = cause.Name();
        for (var i = Interruptions.Count - 1; i >= 0; i--)
        {
            if (Interruptions[i].IsOpen && Interruptions[i].Name == name)
            {
                return Interruptions[i];
            }
        }

        return null;
    }

    /// <summary>Whether any interruption is open now.</summary>
    [JsonIgnore]
    public bool Interrupted
    {
        get
        {
            foreach (var span in Interruptions)
            {
                if (span.IsOpen)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The causes of the interruptions open now.</summary>
    [JsonIgnore]
    public Interruption OpenCauses
    {
        get
        {
            var causes = Interruption.None;
            foreach (var span in Interruptions)
            {
                if (span.IsOpen)
                {
                    causes |= Safety.Interruptions.Parse(span.Name);
                }
            }

            return causes;
        }
    }

    /// <summary>Opens an interruption unless one with this cause is open already; returns whether it opened.</summary>
    public bool BeginInterruption(Interruption cause, TimeSpan start, DateTimeOffset startedAt)
    {
        if (OpenInterruption(cause) is not null)
        {
            return false;
        }

        // Kept sorted by start (a fault is dated from its first sample, which may precede an open one).
        var at = Interruptions.Count;
        while (at > 0 && Interruptions[at - 1].Start > start)
        {
            at--;
        }

        Interruptions.Insert(at, new TimedSpan { Name = cause.Name(), Start = start, StartedAt = startedAt });
        return true;
    }

    /// <summary>Closes the open interruption with this cause; returns whether one was open.</summary>
    public bool EndInterruption(Interruption cause, TimeSpan end, DateTimeOffset endedAt)
    {
        if (OpenInterruption(cause) is not { } span)
        {
            return false;
        }

        span.Close(end, endedAt);
        return true;
    }

    /// <summary>Takes one supply sample while the channel is cooled (the record's coolant figures).</summary>
    public void SampleCoolant(double supplyC)
    {
        CoolantMinC = Math.Min(CoolantMinC, supplyC);
        CoolantMaxC = Math.Max(CoolantMaxC, supplyC);
        CoolantSumC += supplyC;
        CoolantSamples++;
    }

    /// <summary>Notes an alarm code raised during the session (each once); true when it is new to the session.</summary>
    public bool NoteAlarm(string code)
    {
        if (Alarms.Contains(code))
        {
            return false;
        }

        Alarms.Add(code);
        return true;
    }
}
