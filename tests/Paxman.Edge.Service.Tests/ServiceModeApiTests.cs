using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paxman.Edge.Service.Tests.Unattended;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary><c>POST /api/service-mode</c> on the service as a process: the PIN, wrong PINs, the rate limit, ending it, /api/status.</summary>
public sealed class ServiceModeApiTests
{
    private const string Pin = "860317";

    [Fact]
    public async Task The_right_PIN_switches_service_mode_on_shown_in_status_and_on_false_ends_it()
    {
        using var folder = new TempFolder("paxman-service-mode");
        await using var service = StartWithPin(folder, await HashPinAsync(Pin));
        await service.WaitUntilBrokerConnectedAsync();
        AssertOff(await ApiCall.StatusAsync(service));

        var on = await ApiCall.PostAsync(service, "/api/service-mode", $"{{\"pin\":\"{Pin}\"}}");

        Assert.Equal(HttpStatusCode.OK, on.Status);
        Assert.True(on.Json.GetProperty("on").GetBoolean());
        var until = DateTimeOffset.Parse(on.Json.GetProperty("until").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var at = DateTimeOffset.Parse((await ApiCall.StatusAsync(service)).GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(until - at, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        var status = await ApiCall.StatusAsync(service);
        Assert.True(status.GetProperty("serviceMode").GetProperty("on").GetBoolean());
        Assert.Equal(on.Json.GetProperty("until").GetString()![..16], status.GetProperty("serviceMode").GetProperty("until").GetString()![..16]);

        var off = await ApiCall.PostAsync(service, "/api/service-mode", "{\"on\":false}");

        Assert.Equal(HttpStatusCode.OK, off.Status);
        Assert.False(off.Json.GetProperty("on").GetBoolean());
        AssertOff(await ApiCall.StatusAsync(service));
        Assert.Equal(0, await service.StopAsync());
        Assert.DoesNotContain(Pin, service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_PINs_are_403_and_after_five_in_five_minutes_even_the_right_one_is_429_with_Retry_After()
    {
        using var folder = new TempFolder("paxman-service-mode");
        await using var service = StartWithPin(folder, await HashPinAsync(Pin));
        await service.WaitUntilBrokerConnectedAsync();

        for (var i = 1; i <= 5; i++)
        {
            var wrong = await ApiCall.PostAsync(service, "/api/service-mode", "{\"pin\":\"000000\"}");
            Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
            Assert.Equal("application/problem+json", wrong.MediaType);
            Assert.Contains("not the technician PIN", wrong.Detail, StringComparison.Ordinal);
        }

        using var content = new StringContent($"{{\"pin\":\"{Pin}\"}}", Encoding.UTF8, "application/json");
        using var limited = await service.Http.PostAsync(new Uri("/api/service-mode", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(200), TimeSpan.FromMinutes(5));
        var detail = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("detail").GetString();
        Assert.Contains("Try again in", detail, StringComparison.Ordinal);
        AssertOff(await ApiCall.StatusAsync(service));
        Assert.Equal(0, await service.StopAsync());
        Assert.Contains("wrong technician PIN", service.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("000000", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_bodies_are_400_and_a_unit_without_a_PIN_hash_answers_409_saying_what_to_install()
    {
        await using var service = ServiceProcess.Start();
        await service.WaitUntilBrokerConnectedAsync();

        foreach (var body in new[] { "{}", "{\"pin\":1234}", "{\"pin\":\"\"}", "{\"on\":\"no\"}", "{\"pim\":\"1234\"}", "not json" })
        {
            var refused = await ApiCall.PostAsync(service, "/api/service-mode", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("application/problem+json", refused.MediaType);
        }

        var notSetUp = await ApiCall.PostAsync(service, "/api/service-mode", $"{{\"pin\":\"{Pin}\"}}");
        Assert.Equal(HttpStatusCode.Conflict, notSetUp.Status);
        Assert.Contains("Technician:PinHashFile", notSetUp.Detail, StringComparison.Ordinal);
        AssertOff(await ApiCall.StatusAsync(service));
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Hash_pin_prints_a_PBKDF2_SHA256_line_of_the_documented_form_and_refuses_an_empty_PIN()
    {
        var line = await HashPinAsync(Pin);

        // Checked here from the README's description, not with the unit's code.
        var parts = line.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        var iterations = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Pin), salt, iterations, HashAlgorithmName.SHA256, 32);
        Assert.Equal(Convert.ToBase64String(expected), parts[3]);
        Assert.True(salt.Length >= 16);

        await using var empty = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll, "hash-pin"], keepStdinOpen: true);
        await empty.WriteLineAsync("");
        Assert.Equal(2, await empty.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The README's way: <c>hash-pin</c> reads the PIN on stdin and prints the line for the hash file.</summary>
    internal static async Task<string> HashPinAsync(string pin)
    {
        await using var hash = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll, "hash-pin"], keepStdinOpen: true);
        await hash.WriteLineAsync(pin);
        Assert.Equal(0, await hash.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return Assert.Single(hash.Lines, l => l.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal));
    }

    internal static ServiceProcess StartWithPin(TempFolder folder, string hashLine, IEnumerable<string>? arguments = null)
    {
        var file = SecretFiles.Write(folder, "pin-hash", hashLine + "\n", SecretFiles.OwnerOnly);
        return ServiceProcess.Start([$"--Technician:PinHashFile={file}", .. arguments ?? []]);
    }

    private static void AssertOff(JsonElement status)
    {
        var mode = status.GetProperty("serviceMode");
        Assert.False(mode.GetProperty("on").GetBoolean());
        Assert.Equal(JsonValueKind.Null, mode.GetProperty("until").ValueKind);
    }
}
