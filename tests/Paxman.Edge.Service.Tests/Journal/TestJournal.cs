using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Storage;

namespace Paxman.Edge.Service.Tests.Journal;

/// <summary>A journal on disk written by the real <see cref="SqliteJournal"/>, holding chained final records.</summary>
public static class TestJournal
{
    /// <summary>Writes <paramref name="records"/> completed sessions (chained from 64 zeros) into a new journal in <paramref name="folder"/>.</summary>
    /// <returns>The session ids, oldest first.</returns>
    public static IReadOnlyList<string> Write(string folder, int records)
    {
        var ids = new List<string>();
        var start = new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero);
        using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
        var head = journal.Contents.ChainHead;
        for (var i = 0; i < records; i++)
        {
            var id = $"00000000-0000-4000-8000-{i:D12}";
            var opened = start.AddHours(3 * i);
            var record = RecordChain.Seal(Completed(id, opened), head);
            journal.Append(new RecordWrite(id, record.Channel, record.EndedAt!.Value, RecordJson.ToText(record), record.Hash!, head));
            head = record.Hash!;
            ids.Add(id);
        }

        journal.Flush();
        return ids;
    }

    // A docetaxel session: 30 min pre-cool, 60 min infusion, 20 min post-cool, billed 97007 + 97008.
    private static SessionRecord Completed(string id, DateTimeOffset opened)
    {
        var precool = opened.AddMinutes(5);
        var infusion = precool.AddMinutes(30);
        var postcool = infusion.AddMinutes(60);
        var ended = postcool.AddMinutes(20);
        return new SessionRecord
        {
            SessionId = id,
            UnitId = "PX-SIM-0001",
            Channel = "A",
            PatientRef = "P-1",
            OperatorId = "N-7",
            Regimen = "docetaxel",
            ThickHair = false,
            InitialFitting = true,
            Simulated = true,
            Outcome = "completed",
            StartedAt = opened,
            EndedAt = ended,
            Prescribed = new PrescribedTimes(1800, 1200),
            RegimenDefault = new PrescribedTimes(1800, 1200),
            Phases =
            [
                new PhaseRecord("precool", precool, infusion, 1800, 0),
                new PhaseRecord("infusion", infusion, postcool, 3600, 0),
                new PhaseRecord("postcool", postcool, ended, 1200, 0),
            ],
            BillableSeconds = new BillableSeconds(1800, 3600, 1200),
            Interruptions = [],
            Coolant = new CoolantSummary(-4.5, -4.0, -3.5),
            Alarms = [],
            Billing = [new BillingLine("97007", 1), new BillingLine("97008", 1)],
            BillingRule = "cpt-2026/full-30-minute-increments",
        };
    }
}
