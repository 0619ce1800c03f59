using Microsoft.Extensions.Logging;
using Xunit;

namespace Paxman.Edge.TestKit;

/// <summary>
/// Base for in-process tests, after MQTTnet's TestEnvironment: hands out loggers and, when the test ends,
/// fails it if anything logged an Error or Critical the test did not declare with <see cref="ExpectError"/>,
/// or if a task failed with nobody observing its exception.
/// </summary>
public abstract class TestEnvironment : IDisposable
{
    private static readonly Lock UnobservedGate = new();
    private static readonly List<Exception> Unobserved = [];
    private readonly List<Func<LogEntry, bool>> _expected = [];
    private bool _disposed;

    static TestEnvironment()
    {
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            lock (UnobservedGate)
            {
                Unobserved.Add(e.Exception);
            }
        };
    }

    protected LogCollector Logs { get; } = new();

    protected ILoggerFactory LoggerFactory => _factory ??= Logs.CreateFactory();

    private ILoggerFactory? _factory;

    protected ILogger<T> LoggerFor<T>() => LoggerFactory.CreateLogger<T>();

    /// <summary>Declares that an Error whose message contains <paramref name="fragment"/> is expected in this test.</summary>
    protected void ExpectError(string fragment) => _expected.Add(entry => entry.Message.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _factory?.Dispose();

        // Collect so that a task that failed unobserved in this test is reported now, not in another one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        List<Exception> unobserved;
        lock (UnobservedGate)
        {
            unobserved = [.. Unobserved];
            Unobserved.Clear();
        }

        var errors = Logs.Entries
            .Where(e => e.Level >= LogLevel.Error && !_expected.Any(expected => expected(e)))
            .ToList();
        Assert.True(errors.Count == 0, "unexpected error logs:\n" + string.Join('\n', errors.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
        Assert.True(unobserved.Count == 0, "unobserved task exceptions:\n" + string.Join('\n', unobserved));
    }
}
