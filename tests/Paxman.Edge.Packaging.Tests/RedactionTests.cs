using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Service;
using Paxman.Edge.Service.Logging;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Packaging.Tests;

/// <summary>Classified values go through the redactor in every provider, whatever the message template says.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void Configured_WithSecrets_LogsOnlyTheirPresence()
    {
        using var collector = new LogCollector();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(collector).AddEdgeLogging())
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Paxman.Edge.Service");

        StartupLog.Configured(logger, "PX-T-1", HardwareMode.Simulated, "mqtt.example", 8883, "unit-17",
            "mqtt-secret-4711", "patient-key-0123456789", null, "/var/lib/paxman-edge");

        var entry = Assert.Single(collector.Entries);
        Assert.DoesNotContain("mqtt-secret-4711", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("patient-key-0123456789", entry.Message, StringComparison.Ordinal);
        Assert.Contains("password '***'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("patient reference key '***'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("unit-17", entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "")]
    [InlineData("x", 3, "***")]
    [InlineData("a much longer secret than three", 3, "***")]
    public void PresenceRedactor_AnyValue_BecomesMaskOfFixedLength(string input, int length, string expected)
    {
        var redactor = new PresenceRedactor();
        Assert.Equal(length, redactor.GetRedactedLength(input));
        Assert.Equal(expected, redactor.Redact(input));
    }
}
