using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>What a full scan of a journal found: its first defect, if any, and what recovery needs.</summary>
internal sealed class ScanResult
{
    public JournalDefect? Defect { get; private set; }

    public int Records { get; set; }

    /// <summary>The journal's schema version, from its meta (0 until read).</summary>
    public int Version { get; set; }

    public int Rows { get; set; }

    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

    /// <summary>The newest row of each session, from the table itself (not an index).</summary>
    public Dictionary<string, SessionRow> NewestSessionRows { get; } = new(StringComparer.Ordinal);

    public HashSet<string> RecordedSessions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, StoredAlarm> NewestAlarms { get; } = new(StringComparer.Ordinal);

    public string? NewestRecordHash { get; set; }

    /// <summary>The hash of the newest record whose row is intact: where a damaged journal's chain can still be vouched for.</summary>
    public string? LastReadableHead { get; set; }

    public UnitCheckpointWrite? Checkpoint { get; set; }

    /// <summary>The newest intact clock-unsynced or clock-synced unit event.</summary>
    public UnitEventWrite? LastClockSync { get; set; }

    public long MaxSequence { get; set; }

    public string? Anchor => Meta.GetValueOrDefault(JournalSchema.ChainAnchorKey);

    public string ChainHead => NewestRecordHash ?? Anchor ?? JournalContents.Genesis;

    /// <summary>Keeps the first defect found.</summary>
    public void Report(JournalDefect defect) => Defect ??= defect;

    public void Seen(long sequence) => MaxSequence = Math.Max(MaxSequence, sequence);

    public JournalContents ToContents(DamagedJournal? damaged) => new(
        [.. NewestSessionRows.Values.Where(row => !RecordedSessions.Contains(row.SessionId)).OrderBy(row => row.Sequence)],
        [.. NewestAlarms.Values.Where(alarm => alarm.State != AlarmStates.Cleared).OrderBy(alarm => alarm.Sequence)],
        ChainHead,
        Checkpoint,
        damaged)
    {
        LastClockSync = LastClockSync,
        LastEnded =
        [
            .. NewestSessionRows.Values
                .Where(row => RecordedSessions.Contains(row.SessionId))
                .GroupBy(row => row.Channel, StringComparer.Ordinal)
                .Select(channel => channel.MaxBy(row => row.Sequence)!)
                .OrderBy(row => row.Sequence),
        ],
    };
}
