using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
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

        services.AddSingleton<TickEngine>();
        services.AddHostedService<RealTimeDriver>();
        return services;
    }
}
