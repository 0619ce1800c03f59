using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Paxman.Edge.Service.Logging;

/// <summary>
/// Changes the log level while the unit runs (the technicians' MQTT diagnostics request calls it), over what
/// configuration says, until <see cref="Reset"/>. Every logger follows at once: the logger factory re-reads its
/// filter options when <see cref="GetChangeToken"/> fires.
/// </summary>
/// <remarks>
/// The switch adds filter rules after configuration's, so at equal specificity it wins: <see cref="Set"/> without a
/// category sets the default level (categories configuration names, such as <c>Microsoft.AspNetCore</c>, keep
/// theirs), and with one sets that category and those under it.
/// </remarks>
public sealed class LogLevelSwitch : IConfigureOptions<LoggerFilterOptions>, IOptionsChangeTokenSource<LoggerFilterOptions>, Paxman.Edge.Engine.Diagnostics.ILogLevelControl, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LogLevel> _categories = new(StringComparer.Ordinal);
    private LogLevel? _default;
    private CancellationTokenSource _changed = new();

    /// <inheritdoc />
    public string? Name => Options.DefaultName;

    /// <summary>The default level set at run time; null while configuration's applies.</summary>
    public LogLevel? Default
    {
        get
        {
            lock (_gate)
            {
                return _default;
            }
        }
    }

    /// <summary>Sets the minimum level of every category (<paramref name="category"/> null) or of one category and those under it.</summary>
    public void Set(LogLevel level, string? category = null)
    {
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "not a log level");
        }

        lock (_gate)
        {
            if (string.IsNullOrEmpty(category))
            {
                _default = level;
            }
            else
            {
                _categories[category] = level;
            }
        }

        Changed();
    }

    void Paxman.Edge.Engine.Diagnostics.ILogLevelControl.SetLevel(LogLevel level, string? category) => Set(level, category);

    void Paxman.Edge.Engine.Diagnostics.ILogLevelControl.ResetLevels() => Reset();

    /// <summary>Back to the levels configuration gives.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _default = null;
            _categories.Clear();
        }

        Changed();
    }

    /// <inheritdoc />
    public void Configure(LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            if (_default is { } level)
            {
                options.MinLevel = level;
                options.Rules.Add(new LoggerFilterRule(null, null, level, null));
            }

            foreach (var (category, categoryLevel) in _categories)
            {
                options.Rules.Add(new LoggerFilterRule(null, category, categoryLevel, null));
            }
        }
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _changed.Dispose();
        }
    }

    private void Changed()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }
}
