using System.Globalization;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Benchmarks.JournalYear;

/// <summary>
/// Fills a journal as a busy unit would over <c>days</c> (README, "Measured figures"): both channels, 8 sessions a day
/// each, every session with its event rows (the session's whole state in each, about 1.5 kB), fourteen progress checkpoints
/// (each replacing the one before, as the engine's every-10-s checkpoints do), its sealed and chained record (delivered
/// the same day), two alarms a day (raised, acknowledged, cleared) and a unit checkpoint per session. Shared by the
/// <c>journal-year</c> benchmark and, at a month, by the CI test <c>BusyMonthTests</c>.
/// </summary>
internal static class BusyUnitJournal
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 7, 0, 0, TimeSpan.Zero);
    public const int SessionsPerChannelPerDay = 8;

    private static readonly string[] Events =
        ["opened", "precool", "precool-complete", "infusion-start", "infusion-end", "interruption-start", "interruption-end", "completed"];

    /// <summary>Appends <paramref name="days"/> busy days to <paramref name="journal"/>; returns the sessions written.</summary>
    public static int Fill(SqliteJournal journal, int days)
    {
        var head = journal.Contents.ChainHead;
        var sessions = 0;
        for (var day = 0; day < days; day++)
        {
            var morning = Start.AddDays(day);
            for (var slot = 0; slot < SessionsPerChannelPerDay; slot++)
            {
                foreach (var channel in (string[])["A", "B"])
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"{day:D3}-{slot}-{channel}-0000-000000000000");
                    var started = morning.AddMinutes(slot * 80 + (channel == "B" ? 20 : 0));
                    var timeline = started - Start;
                    var state = State(id, channel, started, timeline);
                    for (var e = 0; e < Events.Length; e++)
                    {
                        journal.Append(new SessionRowWrite(id, channel, Events[e], started.AddMinutes(e * 18), timeline + TimeSpan.FromMinutes(e * 18),
                            e is 0 or 1 or 3 or 4 ? "RN-ALVAREZ" : null, null, state));
                        if (e < 7)
                        {
                            for (var c = 0; c < 2; c++)
                            {
                                journal.Append(new SessionRowWrite(id, channel, "checkpoint", started.AddMinutes(e * 18 + c + 1), timeline, null, null, state));
                            }
                        }
                    }

                    var record = RecordChain.Seal(Record(id, channel, started), head);
                    head = record.Hash!;
                    journal.Append(new RecordWrite(id, channel, record.EndedAt!.Value, RecordJson.ToText(record), record.Hash!, record.PrevHash!));
                    journal.Append(new UnitCheckpointWrite(timeline, started, 0, TimeSpan.TicksPerSecond, "bench"));
                    sessions++;
                }
            }

            for (var alarm = 0; alarm < 2; alarm++)
            {
                var at = morning.AddHours(3 + (alarm * 4));
                var alarmId = string.Create(CultureInfo.InvariantCulture, $"{day:D3}-{alarm}-flow-loss");
                foreach (var (alarmState, offset) in (ReadOnlySpan<(string, int)>)[("raised", 0), ("acknowledged", 30), ("cleared", 90)])
                {
                    journal.Append(new AlarmWrite(alarmId, "flow-loss", "high", alarmState, "A", at.AddSeconds(offset), "Coolant flow lost on channel A.", false));
                }
            }

            journal.Flush();
            foreach (var pending in journal.PendingRecords(100))
            {
                journal.MarkRecordDelivered(pending.SessionId, pending.EndedAt.AddMinutes(1));
            }

            foreach (var alarm in journal.PendingAlarms(100))
            {
                journal.MarkAlarmDelivered(alarm.Sequence);
            }
        }

        journal.Flush();
        return sessions;
    }

    // A real session's journaled state (recovery reads it back), in post-cool with its phases and an interruption.
    private static string State(string id, string channel, DateTimeOffset started, TimeSpan timeline)
    {
        var session = new TreatmentSession
        {
            SessionId = id,
            UnitId = "PX-BENCH-0001",
            Channel = channel,
            Simulated = true,
            PatientRef = "hmac:0123456789abcdef0123456789abcdef",
            OperatorId = "RN-ALVAREZ",
            Regimen = "docetaxel",
            ThickHair = false,
            InitialFitting = false,
            PrescribedPrecoolSeconds = 1800,
            PrescribedPostcoolSeconds = 3600,
            DefaultPrecoolSeconds = 1800,
            DefaultPostcoolSeconds = 3600,
            BillingRule = "cpt-2026/full-30-minute-increments",
            StartedAt = started,
            Opened = timeline,
            Phase = SessionPhase.Postcool,
        };
        var interruption = new TimedSpan { Name = "flow-loss", Start = timeline + TimeSpan.FromMinutes(50), StartedAt = started.AddMinutes(50) };
        interruption.Close(timeline + TimeSpan.FromMinutes(51), started.AddMinutes(51));
        session.Interruptions.Add(interruption);
        return SessionJson.Serialize(session);
    }

    private static SessionRecord Record(string id, string channel, DateTimeOffset started) => new()
    {
        SessionId = id,
        UnitId = "PX-BENCH-0001",
        Channel = channel,
        PatientRef = "hmac:0123456789abcdef0123456789abcdef",
        OperatorId = "RN-ALVAREZ",
        Regimen = "docetaxel",
        ThickHair = false,
        InitialFitting = false,
        Simulated = true,
        Outcome = "completed",
        StartedAt = started,
        EndedAt = started.AddMinutes(140),
        Prescribed = new PrescribedTimes(1800, 3600),
        RegimenDefault = new PrescribedTimes(1800, 3600),
        Phases =
        [
            new PhaseRecord("precool", started, started.AddMinutes(30), 1800, 0),
            new PhaseRecord("infusion", started.AddMinutes(30), started.AddMinutes(80), 3000, 60),
            new PhaseRecord("postcool", started.AddMinutes(80), started.AddMinutes(140), 3600, 0),
        ],
        BillableSeconds = new BillableSeconds(1800, 2940, 3600),
        Interruptions = [new InterruptionRecord(started.AddMinutes(50), started.AddMinutes(51), 60, "flow-loss")],
        Coolant = new CoolantSummary(-4.3, -3.95, -2.1),
        Alarms = ["flow-loss"],
        Billing = [new BillingLine("97008", 1), new BillingLine("97009", 2)],
        BillingRule = "cpt-2026/full-30-minute-increments",
        ClockSynced = true,
    };
}
