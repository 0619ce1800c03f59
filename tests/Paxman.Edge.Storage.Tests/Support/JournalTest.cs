using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Storage.Tests.Support;

/// <summary>A journal on real files in a temporary folder, with the test's loggers; everything closed and removed afterwards.</summary>
public abstract class JournalTest : TestEnvironment
{
    private readonly List<IDisposable> _owned = [];

    protected JournalTest()
    {
        Folder = new TempFolder("paxman-journal");
        _owned.Add(Folder);
    }

    protected TempFolder Folder { get; }

    protected FakeTimeProvider Time { get; } = new(Writes.T0);

    protected string DatabasePath => Folder.File("journal.db");

    protected SqliteJournal Open(string? folder = null, JournalOptions? options = null)
    {
        var journal = SqliteJournal.Open(folder ?? Folder.Path, Time, LoggerFor<SqliteJournal>(), options);
        _owned.Insert(0, journal);
        return journal;
    }

    /// <summary>Another temporary folder, removed with the test.</summary>
    protected TempFolder NewFolder()
    {
        var folder = new TempFolder("paxman-journal");
        _owned.Add(folder);
        return folder;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
