using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>The run-time log level, which the <c>log-level</c> diagnostics request sets (the service's <c>LogLevelSwitch</c>).</summary>
public interface ILogLevelControl
{
    /// <summary>Sets the minimum level of every category (<paramref name="category"/> null) or of one category and those under it.</summary>
    void SetLevel(LogLevel level, string? category = null);

    /// <summary>Back to the levels configuration gives.</summary>
    void ResetLevels();
}
