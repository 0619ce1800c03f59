using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage.Tests.Support;
using static Paxman.Edge.Storage.Tests.Support.Writes;

namespace Paxman.Edge.Storage.Tests.Journal;

public sealed class RoundTripTests : JournalTest
{
    [Fact]
    public void Open_EmptyFolder_NewJournalWithNothingInIt()
    {
        using var journal = Open();

        Assert.Equal(JournalContents.Genesis, journal.Contents.ChainHead);
        Assert.Empty(journal.Contents.OpenSessions);
        Assert.Empty(journal.Contents.OpenAlarms);
        Assert.Null(journal.Contents.LastCheckpoint);
        Assert.Null(journal.Contents.Damaged);
        Assert.False(journal.Faulted);
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public void Append_EveryWriteType_ReadsBackExactlyAfterReopen()
    {
        var row = Row("s-1", "opened", 0, detail: "cause-x", operatorId: "nurse-7");
        var chain = new RecordChain();
        var record = chain.Next("s-2", T0.AddHours(2).AddMilliseconds(345));
        var alarm = Alarm("alarm-1", "raised", 5, channel: null, historical: true);
        var checkpoint = Checkpoint(10);
        long rowSeq, recordSeq, alarmSeq;
        using (var journal = Open())
        {
            rowSeq = journal.Append(row);
            recordSeq = journal.Append(record);
            alarmSeq = journal.Append(alarm);
            journal.Append(checkpoint);
            journal.Flush();
        }

        using var reopened = Open();

        var trail = Assert.Single(reopened.SessionTrail("s-1"));
        Assert.Equal(new SessionRow(rowSeq, "s-1", "A", "opened", row.At, row.Timeline, "nurse-7", "cause-x", row.StateJson), trail);
        Assert.Equal(new StoredRecord(recordSeq, "s-2", "A", record.EndedAt, record.Json, record.Hash, JournalContents.Genesis, false), reopened.FindRecord("s-2"));
        Assert.Equal(new StoredAlarm(alarmSeq, "alarm-1", "flow-loss", "high", "raised", null, alarm.At, alarm.Message, true, false), Assert.Single(reopened.PendingAlarms(10)));
        Assert.Equal(checkpoint, reopened.Contents.LastCheckpoint);
        Assert.Equal(record.Hash, reopened.Contents.ChainHead);
    }

    [Fact]
    public void Contents_AfterReopen_OpenSessionsOpenAlarmsHeadAndNewestCheckpoint()
    {
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(Row("open-1", "opened", 0));
            journal.Append(Row("closed", "opened", 1));
            journal.Append(Row("open-1", "precool", 2));
            journal.Append(Row("open-2", "opened", 3, channel: "B"));
            journal.Append(Row("closed", "postcool-end", 4));
            journal.Append(chain.Next("closed", T0.AddSeconds(4)));
            journal.Append(Row("open-1", "checkpoint", 5));
            journal.Append(Alarm("flow", "raised", 1));
            journal.Append(Alarm("warm", "raised", 2));
            journal.Append(Alarm("flow", "acknowledged", 3));
            journal.Append(Alarm("warm", "cleared", 4));
            journal.Append(Checkpoint(10));
            journal.Append(Checkpoint(20, "boot-2"));
            journal.Flush();
        }

        using var reopened = Open();
        var contents = reopened.Contents;

        Assert.Equal(["open-1", "open-2"], contents.OpenSessions.Select(s => s.SessionId).Order());
        Assert.Equal("checkpoint", contents.OpenSessions.Single(s => s.SessionId == "open-1").Kind);
        Assert.Equal("B", contents.OpenSessions.Single(s => s.SessionId == "open-2").Channel);
        var alarm = Assert.Single(contents.OpenAlarms);
        Assert.Equal(("flow", "acknowledged"), (alarm.AlarmId, alarm.State));
        Assert.Equal(chain.Head, contents.ChainHead);
        Assert.Equal(Checkpoint(20, "boot-2"), contents.LastCheckpoint);
    }

    [Fact]
    public void Append_AfterReopen_SequencesGoOnFromTheLast()
    {
        long last;
        using (var journal = Open())
        {
            journal.Append(Row("s", "opened", 0));
            last = journal.Append(Checkpoint(1));
            journal.Flush();
        }

        using var reopened = Open();
        var next = reopened.Append(Row("s", "precool", 2));

        Assert.Equal(last + 1, next);
    }

    [Fact]
    public void ListRecords_SeveralRecords_NewestEndFirstFromSinceUpToLimit()
    {
        var chain = new RecordChain();
        using var journal = Open();
        // Appended out of end-time order: a short session on B ends before a long one on A.
        journal.Append(chain.Next("early", T0.AddHours(1)));
        journal.Append(chain.Next("latest", T0.AddHours(3)));
        journal.Append(chain.Next("middle", T0.AddHours(2)));
        journal.Flush();

        Assert.Equal(["latest", "middle", "early"], journal.ListRecords(null, 10).Select(r => r.SessionId));
        Assert.Equal(["latest", "middle"], journal.ListRecords(T0.AddHours(2), 10).Select(r => r.SessionId));
        Assert.Equal(["latest"], journal.ListRecords(null, 1).Select(r => r.SessionId));
        Assert.Throws<ArgumentOutOfRangeException>(() => journal.ListRecords(null, 0));
    }

    [Fact]
    public void SessionTrail_EventsAndCheckpoints_EventsOldestFirstOnly()
    {
        using var journal = Open();
        journal.Append(Row("s", "opened", 0));
        journal.Append(Row("other", "opened", 1));
        journal.Append(Row("s", "checkpoint", 2));
        journal.Append(Row("s", "precool", 3));
        journal.Flush();

        Assert.Equal(["opened", "precool"], journal.SessionTrail("s").Select(r => r.Kind));
        Assert.Empty(journal.SessionTrail("nobody"));
    }

    [Fact]
    public void MarkRecordDelivered_PendingRecord_LeavesTheOutboxAndStaysDeliveredAfterReopen()
    {
        var chain = new RecordChain();
        using (var journal = Open())
        {
            journal.Append(chain.Next("first", T0.AddHours(1)));
            journal.Append(chain.Next("second", T0.AddHours(2)));
            journal.Flush();
            Assert.Equal(["first", "second"], journal.PendingRecords(10).Select(r => r.SessionId));

            journal.MarkRecordDelivered("first", T0.AddHours(3));
            journal.MarkRecordDelivered("first", T0.AddHours(4));

            Assert.Equal(["second"], journal.PendingRecords(10).Select(r => r.SessionId));
            Assert.True(journal.FindRecord("first")!.Delivered);
        }

        using var reopened = Open();
        Assert.True(reopened.FindRecord("first")!.Delivered);
        Assert.False(reopened.FindRecord("second")!.Delivered);
        Assert.Null(reopened.Contents.Damaged);
    }

    [Fact]
    public void MarkRecordDelivered_UnknownSession_ThrowsAndChangesNothing()
    {
        var chain = new RecordChain();
        using var journal = Open();
        journal.Append(chain.Next("known", T0));

        var error = Assert.Throws<ArgumentException>(() => journal.MarkRecordDelivered("unknown", T0));

        Assert.Contains("unknown", error.Message, StringComparison.Ordinal);
        Assert.Single(journal.PendingRecords(10));
    }

    [Fact]
    public void MarkAlarmDelivered_PendingChange_LeavesTheAlarmsOutbox()
    {
        long first;
        using (var journal = Open())
        {
            first = journal.Append(Alarm("a", "raised", 0));
            journal.Append(Alarm("a", "cleared", 1));
            journal.Flush();

            journal.MarkAlarmDelivered(first);

            Assert.Equal(["cleared"], journal.PendingAlarms(10).Select(a => a.State));
            Assert.Throws<ArgumentException>(() => journal.MarkAlarmDelivered(first + 100));
        }

        using var reopened = Open();
        Assert.Equal(["cleared"], reopened.PendingAlarms(10).Select(a => a.State));
    }

    [Fact]
    public void Append_RecordNotChainedToHead_ThrowsAndQueuesNothing()
    {
        var chain = new RecordChain();
        using var journal = Open();
        journal.Append(chain.Next("first", T0));
        var stray = TestRecords.Make("second", T0, JournalContents.Genesis);

        var error = Assert.Throws<ArgumentException>(() => journal.Append(stray));

        Assert.Contains("does not chain", error.Message, StringComparison.Ordinal);
        journal.Flush();
        Assert.Null(journal.FindRecord("second"));
        // The head did not move: the right next record is still accepted.
        journal.Append(chain.Next("second", T0));
        journal.Flush();
        Assert.NotNull(journal.FindRecord("second"));
    }

    [Fact]
    public void Append_SecondRecordOfASession_Throws()
    {
        var chain = new RecordChain();
        using var journal = Open();
        journal.Append(chain.Next("s", T0));

        var error = Assert.Throws<ArgumentException>(() => journal.Append(chain.Next("s", T0.AddMinutes(1))));

        Assert.Contains("already has a final record", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<JournalWrite> BadWrites => new()
    {
        Row("", "opened", 0),
        Row("s", "", 0),
        new RecordWrite("s", "A", T0, "{}", "ABC", JournalContents.Genesis),
        new RecordWrite("s", "A", T0, "{}", new string('A', 64), JournalContents.Genesis),
        new RecordWrite("s", "A", T0, "", new string('a', 64), JournalContents.Genesis),
        Alarm("", "raised", 0),
        new UnitCheckpointWrite(TimeSpan.Zero, T0, 0, 0, "boot"),
    };

    [Theory]
    [MemberData(nameof(BadWrites))]
    public void Append_IncompleteWrite_ThrowsArgumentException(JournalWrite write)
    {
        using var journal = Open();

        Assert.ThrowsAny<ArgumentException>(() => journal.Append(write));
        journal.Flush();
        Assert.Equal(0, journal.DurableSequence);
    }
}
