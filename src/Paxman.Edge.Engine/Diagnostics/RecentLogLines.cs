using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>One log line as the <c>log-recent</c> diagnostics request shows it.</summary>
public sealed record LogLine(DateTimeOffset At, string Level, string Category, int EventId, string Message, string? Exception);

/// <summary>
/// The last <see cref="Capacity"/> log lines in memory, for the <c>log-recent</c> diagnostics request (README,
/// "Diagnostics for technicians"). A logging provider like the console: it gets each entry after the logger factory's
/// filters and redaction, so a secret or a patient reference (classified <c>[SecretData]</c>/<c>[PatientData]</c>) is
/// already <c>***</c>; an exception is kept by its type only, never its message. Messages are cut at
/// <see cref="MaxMessageLength"/> characters. Thread-safe.
/// </summary>
public sealed class RecentLogLines : ILoggerProvider
{
    /// <summary>Lines kept: the oldest goes when a new one comes.</summary>
    public const int Capacity = 500;

    /// <summary>Characters kept of a message.</summary>
    public const int MaxMessageLength = 2000;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly LogLine?[] _ring = new LogLine?[Capacity];
    private int _next;
    private long _count;

    public RecentLogLines(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Lines logged since start (also those no longer kept).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> lines at or above <paramref name="minimum"/>, oldest first.</summary>
    public IReadOnlyList<LogLine> Newest(int count, LogLevel minimum = LogLevel.Trace)
    {
        var lines = new List<LogLine>(Math.Min(count, Capacity));
        lock (_gate)
        {
            for (var i = 1; i <= Capacity && lines.Count < count; i++)
            {
                if (_ring[(_next - i + Capacity) % Capacity] is { } line && Level(line.Level) >= minimum)
                {
                    lines.Add(line);
                }
            }
        }

        lines.Reverse();
        return lines;
    }

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    public void Dispose()
    {
        // Nothing held.
    }

    private void Add(LogLine line)
    {
        lock (_gate)
        {
            _ring[_next] = line;
            _next = (_next + 1) % Capacity;
            _count++;
        }
    }

    private static LogLevel Level(string name) => Enum.TryParse<LogLevel>(name, out var level) ? level : LogLevel.None;

    private sealed class RingLogger(RecentLogLines ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var message = formatter(state, null);
            if (message.Length > MaxMessageLength)
            {
                message = message[..MaxMessageLength];
            }

            ring.Add(new LogLine(ring._time.GetUtcNow(), logLevel.ToString(), category, eventId.Id, message, exception?.GetType().FullName));
        }
    }
}
