using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary>
/// The installed unit's layers, last wins: built-in defaults, the file <c>PAXMAN_EDGE_CONFIG</c> names, the
/// environment, the command line; and secrets read only from files other users cannot read.
/// </summary>
public sealed class ConfigurationLayerTests
{
    [Theory]
    [InlineData(null, null, "PX-SIM-0001")]
    [InlineData("PX-FILE-1", null, "PX-FILE-1")]
    [InlineData("PX-FILE-1", "PX-ENV-2", "PX-ENV-2")]
    public async Task UnitId_FromLayers_LastLayerWins(string? inFile, string? inEnvironment, string expected)
    {
        using var folder = new TempFolder("paxman-layers");
        var config = SecretFiles.Write(folder, "appsettings.json",
            inFile is null ? "{}" : $$"""{ "Unit": { "Id": "{{inFile}}" } }""", SecretFiles.ServiceGroup);
        var environment = new Dictionary<string, string?> { ["PAXMAN_EDGE_CONFIG"] = config };
        if (inEnvironment is not null)
        {
            environment["Unit__Id"] = inEnvironment;
        }

        await using var service = ServiceProcess.Start(environment: environment);
        var status = await service.WaitUntilReadyAsync();

        Assert.Equal(expected, status.GetProperty("unitId").GetString());
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task MqttPasswordFile_Readable_IsUsedAsThePassword()
    {
        using var folder = new TempFolder("paxman-secret");
        var file = SecretFiles.Write(folder, "mqtt-password", "s3cret-file-pw\n", SecretFiles.ServiceGroup);

        await using var service = ServiceProcess.Start(["--Mqtt:Username=unit-17", $"--Mqtt:PasswordFile={file}"]);
        await service.WaitUntilBrokerConnectedAsync();

        Assert.Contains("as 'unit-17' (password '***')", service.Output, StringComparison.Ordinal);
        Assert.Equal(0, await service.StopAsync());
    }

    public static TheoryData<string, string> RefusedSetups => new()
    {
        { "config-missing", "PAXMAN_EDGE_CONFIG:" },
        { "config-relative", "PAXMAN_EDGE_CONFIG:" },
        { "config-not-json", "PAXMAN_EDGE_CONFIG:" },
        { "password-readable-by-all", "Mqtt:PasswordFile:" },
        { "password-missing", "Mqtt:PasswordFile:" },
        { "password-empty", "Mqtt:PasswordFile:" },
        { "password-and-file", "Mqtt:PasswordFile:" },
        { "pin-hash-readable-by-all", "Technician:PinHashFile:" },
    };

    [Theory]
    [MemberData(nameof(RefusedSetups))]
    public async Task StartUp_BadConfigFileOrSecretFile_Exit2NamingTheKey(string setup, string key)
    {
        using var folder = new TempFolder("paxman-refused");
        var arguments = new List<string> { "--Mqtt:Username=unit-17" };
        var environment = new Dictionary<string, string?>();
        switch (setup)
        {
            case "config-missing":
                environment["PAXMAN_EDGE_CONFIG"] = folder.File("absent.json");
                break;
            case "config-relative":
                environment["PAXMAN_EDGE_CONFIG"] = "etc/appsettings.json";
                break;
            case "config-not-json":
                environment["PAXMAN_EDGE_CONFIG"] = SecretFiles.Write(folder, "appsettings.json", "{ \"Unit\": ", SecretFiles.ServiceGroup);
                break;
            case "password-readable-by-all":
                arguments.Add($"--Mqtt:PasswordFile={SecretFiles.Write(folder, "pw", "never-shown-pw", SecretFiles.EveryUser)}");
                break;
            case "password-missing":
                arguments.Add($"--Mqtt:PasswordFile={folder.File("absent")}");
                break;
            case "password-empty":
                arguments.Add($"--Mqtt:PasswordFile={SecretFiles.Write(folder, "pw", "\n", SecretFiles.OwnerOnly)}");
                break;
            case "password-and-file":
                arguments.Add($"--Mqtt:PasswordFile={SecretFiles.Write(folder, "pw", "never-shown-pw", SecretFiles.OwnerOnly)}");
                arguments.Add("--Mqtt:Password=also-given");
                break;
            case "pin-hash-readable-by-all":
                arguments.Add($"--Technician:PinHashFile={SecretFiles.Write(folder, "pin", "never-shown-pw", SecretFiles.EveryUser)}");
                break;
        }

        await using var service = ServiceProcess.Start(arguments, environment: environment);
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(service.Process.Lines, l => l.StartsWith("Configuration error:", StringComparison.Ordinal));
        Assert.StartsWith($"Configuration error: {key}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-pw", service.Output, StringComparison.Ordinal);
    }
}
