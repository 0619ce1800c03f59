using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Hosting;

/// <summary>
/// The unit's hosted services stop in a fixed order: the tick loop stops, the hardware is driven to its safe state,
/// and only then is it released, whether the unit stops normally or its start-up fails after the loop began
/// (the second instance on a busy port). Run at TimeScale 1000 so that ticks run back to back and a release
/// during a tick would be caught.
/// </summary>
public sealed class ShutdownOrderTests : TestEnvironment
{
    [Fact]
    public async Task StartStop_FiftyTimesHalfFailingAtStartUp_LogsNoErrorAndLeavesTheHardwareSafe()
    {
        ExpectError("Hosting failed to start");
        using var data = new TempFolder();
        for (var i = 0; i < 50; i++)
        {
            var fail = i % 2 == 1;
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(LoggerFactory);
            var settings = EdgeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mqtt:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Simulator:TimeScale"] = "1000",
                ["Storage:Path"] = data.Path,
            }).Build());
            builder.Services.AddPaxmanEdge(settings, TimeProvider.System);
            if (fail)
            {
                // Registered last, like Kestrel: start-up fails after the engine's loop is already ticking.
                builder.Services.AddHostedService<FailingStart>();
            }

            using var host = builder.Build();
            var rig = host.Services.GetRequiredService<Simulated.SimulatedRig>();
            if (fail)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
            }
            else
            {
                await host.StartAsync(TestContext.Current.CancellationToken);
                await Eventually.TrueAsync(() => rig.Engine.State.Engine.Ticks > 50, TimeSpan.FromSeconds(10), "ticking");
                await host.StopAsync(TestContext.Current.CancellationToken);
            }

            await ((IAsyncDisposable)host).DisposeAsync();

            // The hardware outlives the host: the MCU acts on the last command it was sent within its control period.
            rig.Unit.Advance(TimeSpan.FromMilliseconds(200));
            Assert.False(rig.Unit.Board.CoolingEnable, $"run {i}: cooling-enable left high");
            Assert.Equal(0, rig.Unit.Mcu.Drive.CompressorPct);
            Assert.False(rig.Unit.Mcu.Drive.Pump, $"run {i}: pump left running");
        }
    }

    private sealed class FailingStart : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // Long enough for the lock-step loop to be mid-batch.
            await Task.Delay(20, cancellationToken);
            throw new InvalidOperationException("start-up failed on purpose");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
