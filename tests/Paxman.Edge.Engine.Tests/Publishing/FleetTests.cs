using Paxman.Edge.Benchmarks.Fleet;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Publishing;

/// <summary>
/// The fleet benchmark's code (tests/Paxman.Edge.Benchmarks/Fleet, `fleet`) at a reduced size, so CI covers it: simulated
/// units lock-step on a real Mosquitto, a billing consumer of two members on the shared subscription.
/// </summary>
public sealed class FleetTests : TestEnvironment
{
    [Fact]
    public async Task A_small_fleet_loses_no_record_on_a_shared_subscription_and_publishes_status_telemetry_and_channels()
    {
        await using var broker = await MosquittoBroker.StartAsync(SimulatedFleet.QuietBroker);
        await using var consumer = await BillingConsumer.StartAsync(broker.Port, members: 2);
        await using var watcher = await FleetWatcher.StartAsync(broker.Port);
        using var folder = new TempFolder("paxman-fleet");
        await using var fleet = await SimulatedFleet.StartAsync(new FleetOptions { Units = 5, DeviceTime = TimeSpan.FromMinutes(2), TimeScale = 0 },
            broker.Port, folder.Path, LoggerFactory, TimeSpan.FromSeconds(15));

        await fleet.RunAsync();

        Assert.True(await fleet.WaitDeliveredAsync(TimeSpan.FromSeconds(15)), $"{fleet.Backlog} records still queued");
        Assert.Equal(0, fleet.Refusals);
        Assert.All(fleet.Units, unit => Assert.NotEmpty(unit.Finished));
        var finished = fleet.Finished;
        await Eventually.TrueAsync(() => consumer.Unique >= finished.Count, TimeSpan.FromSeconds(15), "every record at the consumer");
        Assert.Equal(finished.Order(StringComparer.Ordinal), consumer.SessionIds.Order(StringComparer.Ordinal));
        Assert.Equal(0, consumer.Unreadable);
        Assert.All(consumer.PerMember, received => Assert.True(received > 0, "the share group spreads records over both members"));
        await Eventually.TrueAsync(() => watcher.Status >= fleet.Units.Count && watcher.Channels > 0, TimeSpan.FromSeconds(15), "status and channel states");
        Assert.True(watcher.Telemetry > 0, "telemetry");
    }
}
