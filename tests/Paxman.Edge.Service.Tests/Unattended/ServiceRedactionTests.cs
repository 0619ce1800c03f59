using System.Net.Http.Json;
using System.Text;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Unattended;

/// <summary>
/// Every log line of the running service, at Trace for every category, given secrets and a patient reference in
/// configuration (the unit's file, the environment, secret files) and a patient reference in request bodies: none
/// of them appears anywhere in the output.
/// </summary>
public sealed class ServiceRedactionTests
{
    private const string MqttPassword = "mqtt-pw-7F3A9C21";
    // A hash line in the unit's format (PBKDF2-SHA256), with a salt and hash recognisable in any output.
    private const string PinHash = "pbkdf2-sha256$10000$UElOU0FMVC01RTFCMEQwMQ==$UElOSEFTSC01RTFCMEQtUElOSEFTSC01RTFCMEQtWFg=";
    private const string PatientRefKey = "patient-key-90E4C7D2B1A8";
    private const string PatientRef = "MRN-4417-REDACT-ME";

    [Fact]
    public async Task Service_SecretsAndPatientReference_InConfigurationAndRequests_NeverLogged()
    {
        using var folder = new TempFolder("paxman-redaction");
        var config = SecretFiles.Write(folder, "appsettings.json", $$"""
            { "Privacy": { "PatientRefKey": "{{PatientRefKey}}" }, "Technician": { "PinHashFile": "{{folder.File("pin-hash")}}" } }
            """, SecretFiles.ServiceGroup);
        SecretFiles.Write(folder, "pin-hash", PinHash + "\n", SecretFiles.ServiceGroup);
        var passwordFile = SecretFiles.Write(folder, "mqtt-password", MqttPassword + "\n", SecretFiles.OwnerOnly);

        await using var service = ServiceProcess.Start(
            ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
             "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Trace", "--Mqtt:Username=unit-17", "--Simulator:TimeScale=60"],
            environment: new Dictionary<string, string?>
            {
                ["PAXMAN_EDGE_CONFIG"] = config,
                ["Mqtt__PasswordFile"] = passwordFile,
                ["Unit__Id"] = "PX-REDACT-1",
            });
        // At Trace the health-check service logs an unhealthy check (the coolant chilling down) at Error level.
        service.ExpectErrorLog("Health check coolant with status Unhealthy");
        await service.WaitUntilBrokerConnectedAsync();

        // A patient reference in bodies the API accepts, refuses, and cannot parse.
        await PostAsync(service, "/api/sim/channels/A/cap", $$"""{"connected":true,"patientRef":"{{PatientRef}}"}""");
        await PostAsync(service, "/api/sim/faults", $$"""{"fault":"flow-block","channel":"A","active":false,"patientRef":"{{PatientRef}}"}""");
        await PostAsync(service, "/api/sim/faults", $$"""{"fault":"{{PatientRef}}","active":true}""");
        await PostAsync(service, "/api/sim/channels/A/cap", $$"""{"connected":"{{PatientRef}}"}""");
        await PostAsync(service, "/api/alarms/audio-pause", $$"""{"patientRef":"{{PatientRef}}" """);
        // A PIN given for service mode (wrong here) is never logged either.
        await PostAsync(service, "/api/service-mode", $$"""{"pin":"{{PatientRef}}"}""");
        await PostAsync(service, "/api/channels/A/sessions", $$"""{"patientRef":"{{PatientRef}}","operatorId":"N-7","regimen":"default"}""");
        using (await service.Http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal(0, await service.StopAsync());
        var output = service.Output;
        Assert.Contains("password '***'", output, StringComparison.Ordinal);
        Assert.Contains("technician PIN hash '***'", output, StringComparison.Ordinal);
        Assert.Contains("dbug:", output, StringComparison.Ordinal);
        foreach (var secret in new[] { MqttPassword, PinHash, PatientRefKey, PatientRef, "7F3A9C21", "90E4C7D2B1A8", "4417-REDACT" })
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"'{secret}' was logged:\n{Lines(output, secret)}");
        }
    }

    private static async Task PostAsync(ServiceProcess service, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await service.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
    }

    private static string Lines(string output, string secret) =>
        string.Join('\n', output.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal)));
}
