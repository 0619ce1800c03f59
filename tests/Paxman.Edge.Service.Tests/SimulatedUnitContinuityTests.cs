using System.Globalization;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests;

/// <summary>
/// In Simulated mode the simulated unit outlives the host process, as a real unit's hardware does: a restarted service
/// carries on from the plant and device clock it saved in its data folder, advanced by the downtime with the
/// compressor stopped; its stamps never run backwards.
/// </summary>
public sealed class SimulatedUnitContinuityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restart_KilledMidChillDown_CarriesOnFromTheSavedPlantNotFromTheRoom()
    {
        using var folder = new TempFolder("paxman-continuity");
        DateTimeOffset firstStamp;
        double coldC;
        await using (var first = ServiceProcess.Start(["--Simulator:TimeScale=100"], workingDirectory: folder.Path))
        {
            await first.WaitUntilReadyAsync();
            await Eventually.TrueAsync(async () => Supply(await StatusAsync(first)) is < 5, Wait, "coolant chilled below 5 C");
            var state = await StatusAsync(first);
            coldC = Supply(state)!.Value;
            firstStamp = DateTimeOffset.Parse(Stamp(state), CultureInfo.InvariantCulture);
            first.Process.KillHard();
            await first.WaitForExitAsync(Wait);
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "data", "simulated-unit.json")));
        await using var second = ServiceProcess.Start(["--Simulator:TimeScale=100"], workingDirectory: folder.Path);
        await second.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () => Supply(await StatusAsync(second)) is not null, Wait, "a supply reading after the restart");
        var after = await StatusAsync(second);

        // Not a fresh plant at the room's 22 C: at most the warming of the downtime, a few device minutes here.
        Assert.True(Supply(after) < coldC + 6, $"coolant {Supply(after)} C after the restart, {coldC} C before");
        Assert.True(DateTimeOffset.Parse(Stamp(after), CultureInfo.InvariantCulture) >= firstStamp, "stamps ran backwards across the restart");
        await second.StopAsync();
    }

    private static async Task<JsonElement> StatusAsync(ServiceProcess service) =>
        JsonDocument.Parse(await service.Http.GetStringAsync("/api/status", TestContext.Current.CancellationToken)).RootElement.Clone();

    private static double? Supply(JsonElement state) =>
        state.GetProperty("coolant") is { ValueKind: JsonValueKind.Object } c && c.GetProperty("supplyC") is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : null;

    private static string Stamp(JsonElement state) => state.GetProperty("at").GetString()!;
}
