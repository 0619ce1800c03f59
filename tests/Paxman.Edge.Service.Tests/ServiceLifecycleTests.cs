using System.Diagnostics;
using System.Net;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>The service as a real process: start, serve, stop, and refuse to start when it must.</summary>
public sealed class ServiceLifecycleTests
{
    [Fact]
    public async Task Sigterm_RunningService_ExitsZeroWithinFiveSeconds()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilBrokerConnectedAsync();

        var stopwatch = Stopwatch.StartNew();
        var exitCode = await service.StopAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ApiStatus_ConfiguredUnitId_IsReported()
    {
        await using var service = ServiceProcess.Start(["--Unit:Id=PX-TEST-0007"]);

        var status = await service.WaitUntilBrokerConnectedAsync();

        Assert.Equal("PX-TEST-0007", status.GetProperty("unitId").GetString());
        Assert.True(status.GetProperty("simulated").GetBoolean());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("version").GetString()));
        Assert.Equal(2, status.GetProperty("channels").GetArrayLength());
        // Just started at room temperature: not ready to treat; no session exists yet, so none is shown.
        Assert.False(status.GetProperty("ready").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, status.GetProperty("alarms").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("channels")[0].GetProperty("session").ValueKind);
        // The simulated board's cap switches are read through GPIO: both caps start unplugged.
        Assert.False(status.GetProperty("channels")[0].GetProperty("capConnected").GetBoolean());
        Assert.True(status.GetProperty("engine").GetProperty("ticks").GetInt64() > 0);
        await service.StopAsync();
    }

    [Fact]
    public async Task ApiStatus_SimulatedMode_LinksToTheEmulatedMcuAndShowsItsReadings()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilReadyAsync();

        await Eventually.TrueAsync(
            () => service.WaitUntilReadyAsync().Result.GetProperty("mcuLinked").ValueKind == System.Text.Json.JsonValueKind.True,
            TimeSpan.FromSeconds(10), "linked to the emulated MCU");
        var status = await service.WaitUntilReadyAsync();

        // At real time the chill-down has only just begun: the coolant is still near the room's temperature and
        // no cap is connected, so no coolant flows through a cap.
        Assert.InRange(status.GetProperty("coolant").GetProperty("supplyC").GetDouble(), 19.0, 23.0);
        Assert.Equal(-4, status.GetProperty("coolant").GetProperty("setpointC").GetDouble());
        Assert.Equal(0, status.GetProperty("channels")[0].GetProperty("flowLpm").GetDouble());
        await service.StopAsync();
    }

    [Fact]
    public async Task Start_SerialModeOnADeviceThatIsNotASerialPort_ExitsThreeNamingTheKey()
    {
        using var folder = new TempFolder();
        var notATty = folder.File("ttyFAKE");
        await File.WriteAllTextAsync(notATty, string.Empty, TestContext.Current.CancellationToken);
        await using var service = ServiceProcess.Start(["--Hardware:Mode=Serial", $"--Hardware:SerialPort={notATty}"]);
        service.ExpectErrorLog("Hosting failed to start");

        Assert.Equal(3, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(service.Process.Lines, l => l.StartsWith("Cannot start: cannot open the MCU serial port", StringComparison.Ordinal) && l.Contains("Hardware:SerialPort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SerialModeWithoutTheBoardsGpioChip_ExitsThreeNamingTheKey()
    {
        // The serial port opens (a pty), but this machine has no /dev/gpiochip9: a unit without its board must not run.
        await using var pty = await SocatPtyPair.StartAsync();
        await using var service = ServiceProcess.Start(["--Hardware:Mode=Serial", $"--Hardware:SerialPort={pty.HostEnd}", "--Hardware:GpioChip=9"]);
        service.ExpectErrorLog("Hosting failed to start");

        Assert.Equal(3, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(service.Process.Lines, l => l.StartsWith("Cannot start: cannot open the board's GPIO chip /dev/gpiochip9", StringComparison.Ordinal) && l.Contains("Hardware:GpioChip", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_JournalWrittenByANewerRelease_ExitsThreeNamingTheVersion_AndLeavesItUnchanged()
    {
        // A downgrade: the journal in Storage:Path carries a schema version this release does not know.
        using var folder = new TempFolder();
        SqliteJournal.Open(folder.Path, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteJournal>.Instance).Dispose();
        var journal = folder.File("journal.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={journal};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema_version'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var before = await File.ReadAllBytesAsync(journal, TestContext.Current.CancellationToken);
        await using var service = ServiceProcess.Start([$"--Storage:Path={folder.Path}"]);
        service.ExpectErrorLog("Hosting failed to start");

        Assert.Equal(3, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(service.Process.Lines, l => l.StartsWith("Cannot start: the journal", StringComparison.Ordinal) && l.Contains("has schema version 99", StringComparison.Ordinal));
        Assert.Equal(before, await File.ReadAllBytesAsync(journal, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(folder.Path, "journal.damaged-*"));
    }

    [Fact]
    public async Task ApiStatus_EngineTicks_Advance()
    {
        await using var service = ServiceProcess.Start();
        var first = (await service.WaitUntilReadyAsync()).GetProperty("engine").GetProperty("ticks").GetInt64();

        await Eventually.TrueAsync(
            () => service.WaitUntilReadyAsync().Result.GetProperty("engine").GetProperty("ticks").GetInt64() >= first + 5,
            TimeSpan.FromSeconds(10), "five more ticks");

        await service.StopAsync();
    }

    [Fact]
    public async Task UnknownApiPath_AnswersProblemJson404()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilReadyAsync();

        using var response = await service.Http.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/no-such-thing", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await service.StopAsync();
    }

    [Theory]
    [InlineData("--Hardware:Mode=Bogus", "Hardware:Mode")]
    [InlineData("--Simulator:TimeScale=5000", "Simulator:TimeScale")]
    [InlineData("--Mqtt:Port=0", "Mqtt:Port")]
    [InlineData("--Billing:Rule=round-up", "Billing:Rule")]
    [InlineData("--Hardware:Mode=Serial", "Hardware:SerialPort")]
    public async Task Start_InvalidConfiguration_ExitsTwoWithOneLineNamingTheKey(string argument, string key)
    {
        await using var service = ServiceProcess.Start([argument, "--Hardware:SerialPort=/nonexistent/tty"]);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(service.Process.Lines, l => !string.IsNullOrWhiteSpace(l));
        Assert.StartsWith($"Configuration error: {key}:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidConfigurationFromEnvironment_ExitsTwo()
    {
        await using var process = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll], Path.GetTempPath(),
            new Dictionary<string, string?> { ["Mqtt__UseTls"] = "perhaps" });

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Configuration error: Mqtt:UseTls:", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownKeyInOurSection_WarnsNamingItAndRuns()
    {
        await using var service = ServiceProcess.Start(["--Mqtt:Prot=1884"]);

        await service.WaitUntilReadyAsync();
        await service.Process.WaitForLineAsync(l => l.Contains("Unknown configuration key Mqtt:Prot", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Start_SecondInstanceOnTheSamePorts_FailsFastWithAClearMessage()
    {
        await using var first = ServiceProcess.Start();
        await first.WaitUntilBrokerConnectedAsync();

        await using var second = ServiceProcess.Start(httpPort: first.HttpPort, mqttPort: first.MqttPort);
        second.ExpectErrorLog("Hosting failed to start");
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, exitCode);
        Assert.Contains(second.Process.Lines, l => l.StartsWith("Cannot start:", StringComparison.Ordinal) && l.Contains("already in use", StringComparison.Ordinal));
        // The first instance is untouched.
        Assert.Equal("PX-SIM-0001", (await first.WaitUntilReadyAsync()).GetProperty("unitId").GetString());
        Assert.Equal(0, await first.StopAsync());
    }

    [Fact]
    public async Task Start_SecondInstanceOnTheSameHttpPortOnly_FailsFastWithAClearMessage()
    {
        await using var first = ServiceProcess.Start();
        await first.WaitUntilBrokerConnectedAsync();

        await using var second = ServiceProcess.Start(httpPort: first.HttpPort);
        second.ExpectErrorLog("Hosting failed to start");
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, exitCode);
        Assert.Contains(second.Process.Lines, l => l.StartsWith("Cannot start:", StringComparison.Ordinal) && l.Contains($"{first.HttpPort}", StringComparison.Ordinal));
        Assert.Equal(0, await first.StopAsync());
    }
}
