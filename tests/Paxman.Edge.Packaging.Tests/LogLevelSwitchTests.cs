using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Service.Logging;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>The log level changes while loggers are in use, through the service's own logging set-up.</summary>
public sealed class LogLevelSwitchTests
{
    [Fact]
    public void Set_DefaultLevel_ChangesExistingLoggersAtOnce_AndResetRestoresConfiguration()
    {
        using var collector = new LogCollector();
        using var services = Build(collector);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Paxman.Edge.Engine.TickEngine");
        var levels = services.GetRequiredService<LogLevelSwitch>();

        logger.LogDebug("before");
        levels.Set(LogLevel.Debug);
        logger.LogDebug("switched");
        levels.Reset();
        logger.LogDebug("reset");

        Assert.Equal(["switched"], collector.Entries.Select(e => e.Message));
        Assert.Null(levels.Default);
    }

    [Fact]
    public void Set_OneCategory_ChangesOnlyThatCategory()
    {
        using var collector = new LogCollector();
        using var services = Build(collector);
        var factory = services.GetRequiredService<ILoggerFactory>();
        var link = factory.CreateLogger("Paxman.Edge.Hardware.Link.McuLink");
        var engine = factory.CreateLogger("Paxman.Edge.Engine.TickEngine");

        services.GetRequiredService<LogLevelSwitch>().Set(LogLevel.Trace, "Paxman.Edge.Hardware");
        link.LogTrace("link trace");
        engine.LogTrace("engine trace");
        engine.LogWarning("engine warning");

        Assert.Equal(["link trace", "engine warning"], collector.Entries.Select(e => e.Message));
    }

    [Fact]
    public void Set_QuieterThanConfiguration_SilencesInformation()
    {
        using var collector = new LogCollector();
        using var services = Build(collector);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Paxman.Edge.Service");

        services.GetRequiredService<LogLevelSwitch>().Set(LogLevel.Warning);
        logger.LogInformation("quiet");
        logger.LogWarning("loud");

        Assert.Equal(["loud"], collector.Entries.Select(e => e.Message));
    }

    [Fact]
    public void Set_NotALevel_IsRefused()
    {
        using var levels = new LogLevelSwitch();
        Assert.Throws<ArgumentOutOfRangeException>(() => levels.Set((LogLevel)42));
        Assert.Null(levels.Default);
    }

    // As configuration would set it: Information by default.
    private static ServiceProvider Build(LogCollector collector) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(collector).AddEdgeLogging())
            .BuildServiceProvider();
}
