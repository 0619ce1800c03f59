namespace Paxman.Edge.Service;

/// <summary>Messages the service logs while it starts.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown configuration key {Key} is ignored; check its spelling")]
    public static partial void UnknownKey(ILogger logger, string key);
}
