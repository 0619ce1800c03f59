using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Sessions;

/// <summary>
/// One service at real time (TimeScale 1), linked to its MCU, out of the safe state, and far from ready (the coolant
/// is still near room temperature), shared by the tests of one class. Channel B holds a session in <c>prepared</c>
/// with its cap plugged in; channel A has no running session.
/// </summary>
public sealed class ColdUnitFixture : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public ServiceProcess Service { get; private set; } = null!;

    /// <summary>The session the fixture opened on channel B.</summary>
    public string SessionB { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        Service = ServiceProcess.Start(["--Simulator:TimeScale=1"]);
        await Service.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () =>
        {
            var status = await ApiCall.StatusAsync(Service);
            return status.GetProperty("mcuLinked").ValueKind == JsonValueKind.True && status.GetProperty("alarms").GetArrayLength() == 0;
        }, Wait, "linked to the MCU with no alarm");

        var cap = await ApiCall.PostAsync(Service, "/api/sim/channels/B/cap", "{\"connected\":true}");
        Assert.Equal(System.Net.HttpStatusCode.OK, cap.Status);
        await Eventually.TrueAsync(async () => ApiCall.Channel(await ApiCall.StatusAsync(Service), "B").GetProperty("capConnected").GetBoolean(), Wait, "cap B connected");

        var opened = await ApiCall.PostAsync(Service, "/api/channels/B/sessions", ApiCall.NewSession(patientRef: "P-FIXTURE-B"));
        Assert.Equal(System.Net.HttpStatusCode.Created, opened.Status);
        SessionB = opened.Json.GetProperty("sessionId").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync();
        await Service.DisposeAsync();
    }
}
