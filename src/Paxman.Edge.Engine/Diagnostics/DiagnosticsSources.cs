using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>What the technicians' diagnostics read and change; a command whose source is missing answers <c>unavailable</c>.</summary>
public sealed class DiagnosticsSources
{
    public required TickEngine Engine { get; init; }

    /// <summary>Lets the changing requests through while on; without it every changing request is refused.</summary>
    public ServiceMode? ServiceMode { get; init; }

    /// <summary>The configuration shown by <c>config</c>.</summary>
    public EdgeSettings? Settings { get; init; }

    /// <summary>Alarm history, session summaries and the records to republish.</summary>
    public IJournal? Journal { get; init; }

    /// <summary>The recent log lines of <c>log-recent</c>.</summary>
    public RecentLogLines? Logs { get; init; }

    /// <summary>The run-time log level of <c>log-level</c>.</summary>
    public ILogLevelControl? LogLevels { get; init; }

    /// <summary>Where <c>republish-since</c> sends records again, on <see cref="Topics"/>.</summary>
    public IMessageTransport? Transport { get; init; }

    public MqttTopics? Topics { get; init; }

    public ILogger? Logger { get; init; }
}
