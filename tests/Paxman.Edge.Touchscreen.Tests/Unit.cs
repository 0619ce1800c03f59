using System.Net.Http.Json;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Touchscreen.Tests;

/// <summary>The service the touchscreen talks to, and the few things a test does to it that a nurse does with her hands.</summary>
internal static class Unit
{
    public const string Pin = "4711-2026";

    /// <summary>Starts Simulated hardware at <paramref name="timeScale"/> and waits until the coolant is ready (unless told not to).</summary>
    public static async Task<ServiceProcess> StartAsync(double timeScale, bool waitReady = true, IEnumerable<string>? arguments = null, string? workingDirectory = null,
        int? httpPort = null, int? mqttPort = null)
    {
        var service = ServiceProcess.Start([$"--Simulator:TimeScale={timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture)}", .. arguments ?? []],
            httpPort: httpPort, mqttPort: mqttPort, workingDirectory: workingDirectory);
        await service.WaitUntilReadyAsync();
        if (waitReady)
        {
            await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("ready").ValueKind == JsonValueKind.True,
                TimeSpan.FromSeconds(60), "the coolant ready");
        }

        return service;
    }

    public static async Task<JsonElement> StatusAsync(ServiceProcess service) =>
        await service.Http.GetFromJsonAsync<JsonElement>("/api/status", TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ChannelAsync(ServiceProcess service, string channel) =>
        (await StatusAsync(service)).GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == channel);

    /// <summary>The nurse plugs the cap in (the simulated board's switch).</summary>
    public static async Task PlugCapAsync(ServiceProcess service, string channel, bool connected = true)
    {
        using var answer = await service.Http.PostAsJsonAsync($"/api/sim/channels/{channel}/cap", new { connected }, TestContext.Current.CancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    public static async Task FaultAsync(ServiceProcess service, string fault, bool active)
    {
        using var answer = await service.Http.PostAsJsonAsync("/api/sim/faults", new { fault, active }, TestContext.Current.CancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    /// <summary>The technician PIN's hash line, made by the unit's own <c>hash-pin</c>, written owner-only into <paramref name="folder"/>.</summary>
    public static async Task<string> PinHashFileAsync(TempFolder folder)
    {
        await using var hash = ChildProcess.Start("dotnet", [RepoPaths.ServiceDll, "hash-pin"], keepStdinOpen: true);
        await hash.WriteLineAsync(Pin);
        Assert.Equal(0, await hash.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var line = Assert.Single(hash.Lines, l => l.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal));
        var file = folder.File("pin-hash");
        await File.WriteAllTextAsync(file, line + "\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }
}
