using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation.Mcu;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Messaging;

namespace Paxman.Edge.Engine;

/// <summary>The composition root: wires the engine to its adapters from validated <see cref="EdgeSettings"/>.</summary>
public static class EdgeServiceCollectionExtensions
{
    /// <summary>The unit's software version (the assembly's informational version).</summary>
    public static string SoftwareVersion { get; } =
        typeof(TickEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Registers the engine, its real-time driver and MQTT; the order of hosted services matters (see remarks).</summary>
    /// <remarks>Hosted services start in registration order and stop in reverse: the broker starts first and stops last.</remarks>
    public static IServiceCollection AddPaxmanEdge(this IServiceCollection services, EdgeSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);

        services.AddSingleton(settings);
        services.AddSingleton(time);
        services.AddSingleton(Options.Create(settings.Mqtt));
        services.AddSingleton(new UnitIdentity(
            settings.Unit.Id,
            SoftwareVersion,
            Simulated: settings.Hardware.Mode == HardwareMode.Simulated,
            StartedAt: time.GetUtcNow()));

        if (settings.Mqtt.IsEmbedded)
        {
            services.AddHostedService<EmbeddedMqttBroker>();
        }

        services.AddSingleton<MqttConnection>();
        services.AddSingleton<IBrokerStatus>(sp => sp.GetRequiredService<MqttConnection>());
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());

        services.AddSingleton(sp => CreateChiller(settings, time, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new TickEngine(
            sp.GetRequiredService<UnitIdentity>(), sp.GetRequiredService<IBrokerStatus>(), time, sp.GetRequiredService<Chiller>()));
        services.AddHostedService<RealTimeDriver>();
        return services;
    }

    private static Chiller CreateChiller(EdgeSettings settings, TimeProvider time, ILoggerFactory loggers)
    {
        IMcuPort port;
        Action<TimeSpan>? step = null;
        if (settings.Hardware.Mode == HardwareMode.Simulated)
        {
            var simulated = new InProcessMcuPort(new McuEmulatorOptions(), new PlaceholderCoolant(), time);
            var carry = TimeSpan.Zero;
            step = elapsed =>
            {
                // Whole milliseconds to the MCU's timer; the remainder carries over, so no device time is lost.
                carry += elapsed;
                var ms = (uint)carry.TotalMilliseconds;
                carry -= TimeSpan.FromMilliseconds(ms);
                simulated.Emulator.Advance(ms);
            };
            port = simulated;
        }
        else
        {
            try
            {
                port = SerialMcuPort.Open(settings.Hardware.SerialPort, time, loggers.CreateLogger<SerialMcuPort>());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                throw new StartupException($"cannot open the MCU serial port {settings.Hardware.SerialPort}: {ex.Message}; check Hardware:SerialPort", ex);
            }
        }

        var link = new McuLink(port, resetLine: null, new McuLinkOptions(), time, new Random(), loggers.CreateLogger<McuLink>());
        return new Chiller(link, port, step);
    }
}
