using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;

namespace Paxman.Edge.Storage;

/// <summary>
/// The unit's durable journal over one SQLite file, <c>journal.db</c>, in WAL mode with <c>synchronous=FULL</c>
/// (README, "Journal"). <see cref="Append"/> only queues; one writer thread commits everything queued in one
/// transaction (group commit: one fsync for the lot) and then completes <see cref="WhenDurable"/>. Every row
/// carries a checksum over all its columns, records a hash chain besides; the whole file is checked at open, and a
/// damaged one is kept aside (never deleted) and reported in <see cref="JournalContents.Damaged"/>.
/// </summary>
public sealed class SqliteJournal : IJournal
{
    private readonly JournalFiles _files;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JournalOptions _options;
    private readonly JournalWriter _writer;
    private readonly JournalReader _reader;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private readonly HashSet<string> _recordedSessions;
    private List<Pending> _incoming = new(256);
    private List<Pending> _spare = new(256);
    private long _lastSequence;
    private string _appendHead;
    private bool _stopping;
    private long _durable;
    private long _commits;
    private volatile IOException? _fault;
    private int _disposed;

    private SqliteJournal(JournalFiles files, ScanResult scan, DamagedJournal? damaged, TimeProvider time, ILogger logger, JournalOptions options)
    {
        _files = files;
        _time = time;
        _logger = logger;
        _options = options;
        _writer = new JournalWriter(files.Database, scan.Anchor);
        _reader = new JournalReader(files.Database);
        Contents = scan.ToContents(damaged);
        _recordedSessions = scan.RecordedSessions;
        _appendHead = scan.ChainHead;
        _lastSequence = scan.MaxSequence;
        _durable = scan.MaxSequence;
        _thread = new Thread(RunWriter) { IsBackground = true, Name = "journal writer" };
        _thread.Start();
    }

    /// <inheritdoc />
    public JournalContents Contents { get; }

    /// <inheritdoc />
    public bool Faulted => _fault is not null;

    /// <summary>The journal file's full path.</summary>
    public string DatabasePath => _files.Database;

    /// <summary>Transactions committed since open: far fewer than appends when they come in bursts (group commit).</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>The highest sequence known to be durable.</summary>
    public long DurableSequence => Volatile.Read(ref _durable);

    /// <summary>Test seam at the lowest level: runs on the writer thread inside each transaction just before it commits; what it throws fails the commit.</summary>
    internal Action<SqliteConnection>? BeforeCommit
    {
        get => _writer.BeforeCommit;
        set => _writer.BeforeCommit = value;
    }

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="folder"/> (<c>Storage:Path</c>), checks all of it, and
    /// starts its writer. A damaged journal is renamed to <c>journal.damaged-&lt;UTC stamp&gt;.db</c> with its
    /// companions and a new one started, which names it in its meta and is reported in <see cref="Contents"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/>.</exception>
    /// <exception cref="IOException">The folder or a new journal in it cannot be written.</exception>
    public static SqliteJournal Open(string folder, TimeProvider time, ILogger<SqliteJournal> logger, JournalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options ??= new JournalOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetentionDays, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RetentionDays, JournalOptions.MaxRetentionDays, nameof(options));

        Directory.CreateDirectory(folder);
        var files = new JournalFiles(folder);
        var started = time.GetTimestamp();

        // Before anything touches the folder: a journal of a newer release is refused, read and never written.
        if (files.DatabaseExists && JournalMigration.ReadVersion(files.Database) is { } found && found > JournalSchema.Version)
        {
            throw new JournalVersionException(files.Database, found);
        }

        files.FinishInterruptedSwap();
        DamagedJournal? damaged = null;
        ScanResult? opened = null;
        if (files.DatabaseExists)
        {
            opened = Check(files.Database);
            if (opened.Defect is null && opened.Version < JournalSchema.Version)
            {
                // Checked whole at its own version first: a damaged journal is kept aside as it was, never migrated.
                opened = JournalMigration.Migrate(files, opened.Version, logger, Check);
            }

            if (opened.Defect is null)
            {
                JournalMigration.Verified(files, logger);
            }

            if (opened.Defect is { } defect)
            {
                damaged = Replace(files, time, logger, defect, opened.LastReadableHead);
                opened = null;
            }
        }
        else if (files.WalExists)
        {
            damaged = Replace(files, time, logger, new JournalDefect("file", null, null, "journal.db is missing but its write-ahead log is there"), null);
        }
        else
        {
            Create(files.Building, BaseMeta(time));
            files.Install();
            logger.Created(files.Database);
        }

        // A journal just made is read back too: what recovery starts from is what the file holds.
        opened ??= Check(files.Database);
        if (opened.Defect is { } unexpected)
        {
            throw new IOException($"The journal {files.Database} just made cannot be read back: {unexpected.Description}");
        }

        var milliseconds = (long)time.GetElapsedTime(started).TotalMilliseconds;
        logger.Opened(files.Database, opened.Rows, opened.Records, milliseconds);
        return new SqliteJournal(files, opened, damaged, time, logger, options);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The write is incomplete, or a record does not chain to the head or repeats a session's record.</exception>
    public long Append(JournalWrite write)
    {
        Validate(write);
        long seq;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (write is RecordWrite record)
            {
                if (!string.Equals(record.PrevHash, _appendHead, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The record of session {record.SessionId} does not chain to the journal's head: its prevHash is not the last record's hash.", nameof(write));
                }

                if (!_recordedSessions.Add(record.SessionId))
                {
                    throw new ArgumentException($"Session {record.SessionId} already has a final record.", nameof(write));
                }

                _appendHead = record.Hash;
            }

            seq = Enqueue(write);
        }

        _signal.Set();
        return seq;
    }

    /// <inheritdoc />
    public Task WhenDurable(long sequence)
    {
        if (sequence <= Volatile.Read(ref _durable))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (sequence <= Volatile.Read(ref _durable))
            {
                return Task.CompletedTask;
            }

            if (_fault is { } fault)
            {
                return Task.FromException(fault);
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, _lastSequence);
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter, sequence);
            return waiter.Task;
        }
    }

    /// <inheritdoc />
    public void Flush()
    {
        long last;
        lock (_gate)
        {
            last = _lastSequence;
        }

        WhenDurable(last).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public StoredRecord? FindRecord(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ThrowIfDisposed();
        return _reader.FindRecord(sessionId);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRecord> ListRecords(DateTimeOffset? since, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfDisposed();
        return _reader.ListRecords(since, limit);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredAlarm> ListAlarms(DateTimeOffset? since, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfDisposed();
        return _reader.ListAlarms(since, limit);
    }

    /// <inheritdoc />
    /// <remarks>Progress checkpoints (<c>kind</c> <c>checkpoint</c>) are not events and are left out.</remarks>
    public IReadOnlyList<SessionRow> SessionTrail(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ThrowIfDisposed();
        return _reader.SessionTrail(sessionId);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRecord> PendingRecords(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfDisposed();
        return _reader.PendingRecords(limit);
    }

    /// <inheritdoc />
    /// <remarks>Blocks until the mark is durable (one group commit). Marking a delivered record again changes nothing.</remarks>
    /// <exception cref="ArgumentException">No record of that session is stored.</exception>
    /// <exception cref="IOException">The journal cannot write.</exception>
    public void MarkRecordDelivered(string sessionId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var mark = new MarkRecordDelivered(sessionId, at);
        Run(mark);
        Check(mark.Outcome, $"No record of session {sessionId} is stored.", $"The record of session {sessionId} does not match its checksum; it is not marked.");
    }

    /// <inheritdoc />
    /// <remarks>Never blocks; the task faults with <see cref="ArgumentException"/> when no record of that session is stored.</remarks>
    public async Task MarkRecordDeliveredAsync(string sessionId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var mark = new MarkRecordDelivered(sessionId, at);
        long seq;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            seq = Enqueue(mark);
        }

        _signal.Set();
        await WhenDurable(seq).ConfigureAwait(false);
        Check(mark.Outcome, $"No record of session {sessionId} is stored.", $"The record of session {sessionId} does not match its checksum; it is not marked.");
    }

    /// <inheritdoc />
    public RecordBacklog PendingRecordBacklog()
    {
        ThrowIfDisposed();
        return _reader.PendingRecordBacklog();
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredNotice> PendingNotices(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfDisposed();
        return _reader.PendingNotices(limit);
    }

    /// <inheritdoc />
    /// <remarks>Blocks until the mark is durable (one group commit). Marking a delivered notice again changes nothing.</remarks>
    /// <exception cref="ArgumentException">No notice of that sequence is stored.</exception>
    /// <exception cref="IOException">The journal cannot write.</exception>
    public void MarkNoticeDelivered(long sequence)
    {
        var mark = new MarkNoticeDelivered(sequence, _time.GetUtcNow());
        Run(mark);
        Check(mark.Outcome, $"No notice of sequence {sequence} is stored.", $"The notice of sequence {sequence} does not match its checksum; it is not marked.");
    }

    /// <inheritdoc />
    /// <remarks>Blocks until the mark is durable (one group commit). Marking a delivered change again changes nothing.</remarks>
    /// <exception cref="ArgumentException">No alarm change of that sequence is stored.</exception>
    /// <exception cref="IOException">The journal cannot write.</exception>
    public void MarkAlarmDelivered(long sequence)
    {
        var mark = new MarkAlarmDelivered(sequence, _time.GetUtcNow());
        Run(mark);
        Check(mark.Outcome, $"No alarm change of sequence {sequence} is stored.", $"The alarm change of sequence {sequence} does not match its checksum; it is not marked.");
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredAlarm> PendingAlarms(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ThrowIfDisposed();
        return _reader.PendingAlarms(limit);
    }

    /// <summary>
    /// Retention: removes the records delivered more than <see cref="JournalOptions.RetentionDays"/> before
    /// <paramref name="now"/>, oldest first and only up to the first that is not (so the chain stays whole), with their
    /// sessions' rows, and delivered alarm changes older than that (but never the newest change of an open alarm).
    /// The last pruned record's hash becomes the chain's anchor, so what is left still verifies. Never removes an
    /// undelivered record. Blocks until durable.
    /// </summary>
    /// <exception cref="IOException">The journal cannot write.</exception>
    public PruneResult Prune(DateTimeOffset now)
    {
        var prune = new PruneWrite(now - TimeSpan.FromDays(_options.RetentionDays));
        Run(prune);
        var result = prune.Result ?? throw new InvalidOperationException("The journal's writer did not run the pruning.");
        _logger.Pruned(result.Records, result.SessionRows, result.Alarms);
        return result;
    }

    /// <summary>Commits what is queued, stops the writer and closes the file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _stopping = true;
        }

        _signal.Set();
        _thread.Join();
        // Readers first: the writer's connection, closing last, checkpoints the WAL into journal.db.
        _reader.Close();
        _writer.Dispose();
        _signal.Dispose();
    }

    private static ScanResult Check(string path)
    {
        if (JournalScanner.CheckHeader(path) is { } header)
        {
            var result = new ScanResult();
            result.Report(header);
            return result;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return JournalScanner.Scan(connection, computeRecordHash: null);
    }

    private static DamagedJournal Replace(JournalFiles files, TimeProvider time, ILogger logger, JournalDefect defect, string? lastReadableHead)
    {
        var keptAs = files.DamagedName(time.GetUtcNow());
        var meta = BaseMeta(time);
        meta[JournalSchema.DamagedPredecessorKey] = Path.GetFileName(keptAs);
        meta[JournalSchema.DamagedProblemKey] = defect.Description;
        if (lastReadableHead is not null)
        {
            // The chain goes on from the last record that could be vouched for.
            meta[JournalSchema.DamagedChainHeadKey] = lastReadableHead;
            meta[JournalSchema.ChainAnchorKey] = lastReadableHead;
        }

        // Built complete before the damaged file moves, so that a crash in between leaves one or the other in place.
        Create(files.Building, meta);
        files.KeepAside(keptAs);
        files.Install();
        logger.Damaged(defect.Description, keptAs);
        return new DamagedJournal(keptAs, defect.Description);
    }

    private static Dictionary<string, string> BaseMeta(TimeProvider time) => new(StringComparer.Ordinal)
    {
        [JournalSchema.VersionKey] = JournalSchema.Version.ToString(CultureInfo.InvariantCulture),
        [JournalSchema.CreatedAtKey] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
    };

    private static void Create(string path, Dictionary<string, string> meta)
    {
        JournalFiles.Delete(path);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            // Incremental auto-vacuum is set before the first table: pruning then hands freed pages back (README, "Retention").
            pragmas.CommandText = "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            pragmas.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = JournalSchema.Create;
            create.ExecuteNonQuery();
        }

        var crc = new RowChecksum();
        foreach (var (key, value) in meta)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO meta (key, value, crc) VALUES ($key, $value, $crc)";
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$value", value);
            insert.Parameters.AddWithValue("$crc", JournalRows.MetaChecksum(crc, key, value));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Validate(JournalWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        switch (write)
        {
            case SessionRowWrite row:
                Require(row.SessionId, nameof(row.SessionId));
                Require(row.Channel, nameof(row.Channel));
                Require(row.Kind, nameof(row.Kind));
                ArgumentNullException.ThrowIfNull(row.StateJson, nameof(write));
                break;
            case RecordWrite record:
                Require(record.SessionId, nameof(record.SessionId));
                Require(record.Channel, nameof(record.Channel));
                Require(record.Json, nameof(record.Json));
                RequireHash(record.Hash, nameof(record.Hash));
                RequireHash(record.PrevHash, nameof(record.PrevHash));
                break;
            case AlarmWrite alarm:
                Require(alarm.AlarmId, nameof(alarm.AlarmId));
                Require(alarm.Code, nameof(alarm.Code));
                Require(alarm.Priority, nameof(alarm.Priority));
                Require(alarm.State, nameof(alarm.State));
                ArgumentNullException.ThrowIfNull(alarm.Message, nameof(write));
                break;
            case NoticeWrite notice:
                Require(notice.Notice, nameof(notice.Notice));
                Require(notice.Channel, nameof(notice.Channel));
                Require(notice.SessionId, nameof(notice.SessionId));
                break;
            case UnitEventWrite unitEvent:
                Require(unitEvent.Kind, nameof(unitEvent.Kind));
                ArgumentNullException.ThrowIfNull(unitEvent.Detail, nameof(write));
                break;
            case UnitCheckpointWrite checkpoint:
                Require(checkpoint.BootId, nameof(checkpoint.BootId));
                if (checkpoint.Frequency <= 0)
                {
                    throw new ArgumentException($"A unit checkpoint's frequency must be positive, not {checkpoint.Frequency}.", nameof(write));
                }

                break;
            default:
                throw new ArgumentException($"The journal does not store a {write.GetType().Name}.", nameof(write));
        }
    }

    private static void Require(string value, string member)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The write's {member} is missing.", nameof(value));
        }
    }

    private static void RequireHash(string value, string member)
    {
        if (value is not { Length: 64 } || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException($"The record's {member} is not 64 lowercase hex digits.", nameof(value));
        }
    }

    private static void Check(MarkOutcome outcome, string notFound, string damaged)
    {
        switch (outcome)
        {
            case MarkOutcome.NotFound:
                throw new ArgumentException(notFound);
            case MarkOutcome.Damaged:
                throw new InvalidDataException(damaged);
        }
    }

    /// <summary>Queues one of the journal's own writes and waits until it is durable.</summary>
    private void Run(JournalWrite write)
    {
        long seq;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            seq = Enqueue(write);
        }

        _signal.Set();
        WhenDurable(seq).GetAwaiter().GetResult();
    }

    private long Enqueue(JournalWrite write)
    {
        var seq = ++_lastSequence;
        _incoming.Add(new Pending(seq, write));
        return seq;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void RunWriter()
    {
        while (true)
        {
            _signal.Wait();
            _signal.Reset();
            List<Pending> batch;
            bool stopping;
            lock (_gate)
            {
                (batch, _incoming) = (_incoming, _spare);
                stopping = _stopping;
            }

            if (batch.Count > 0)
            {
                Commit(batch);
            }

            batch.Clear();
            _spare = batch;
            if (stopping)
            {
                return;
            }
        }
    }

    private void Commit(List<Pending> batch)
    {
        if (_fault is null)
        {
            try
            {
                _writer.Commit(batch);
                // On Linux a removed file takes writes without complaint, to an inode nobody will find again.
                if (!File.Exists(_files.Database))
                {
                    throw new IOException($"The journal file {_files.Database} was removed while open.");
                }

                Interlocked.Increment(ref _commits);
                Volatile.Write(ref _durable, batch[^1].Sequence);
                Release(batch[^1].Sequence, null);
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed, the batch is not durable; the writer thread must outlive it to fault the waiters.
                _fault = new IOException($"The journal cannot write: {ex.Message}", ex);
                _logger.WriteFailed(ex);
            }
        }

        Release(long.MaxValue, _fault);
    }

    /// <summary>Completes the waiters up to <paramref name="durable"/>, or faults all of them.</summary>
    private void Release(long durable, IOException? fault)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_gate)
        {
            while (_waiters.TryPeek(out _, out var seq) && seq <= durable)
            {
                (ready ??= []).Add(_waiters.Dequeue());
            }
        }

        foreach (var waiter in ready ?? [])
        {
            if (fault is null)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(fault);
            }
        }
    }
}
