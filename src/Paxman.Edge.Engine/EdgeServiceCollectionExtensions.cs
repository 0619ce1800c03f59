using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Engine.Simulated;
using Paxman.Edge.Engine.Watchdog;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Continuity;
using Paxman.Edge.Simulation.Mcu;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.State;
using Paxman.Edge.Storage;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

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
        // Service mode runs on the engine's clock (device time in Simulated mode).
        services.AddSingleton(sp => new Diagnostics.ServiceMode(settings.Technician.Pin, sp.GetRequiredService<TickEngine>().Time,
            sp.GetRequiredService<ILogger<Diagnostics.ServiceMode>>()));
        // The last log lines in memory for diagnostics: a logging provider, after the factory's filters and redaction.
        var recentLogs = new Diagnostics.RecentLogLines(time);
        services.AddSingleton(recentLogs);
        services.AddSingleton<ILoggerProvider>(recentLogs);
        services.AddSingleton<IDiagnostics>(sp => new EngineDiagnostics(new Diagnostics.DiagnosticsSources
        {
            Engine = sp.GetRequiredService<TickEngine>(),
            ServiceMode = sp.GetRequiredService<Diagnostics.ServiceMode>(),
            Settings = settings,
            Journal = sp.GetRequiredService<IJournal>(),
            Logs = recentLogs,
            LogLevels = sp.GetService<Diagnostics.ILogLevelControl>(),
            Transport = new MqttTransport(sp.GetRequiredService<MqttConnection>()),
            Topics = sp.GetRequiredService<MqttConnection>().Topics,
            Logger = sp.GetRequiredService<ILogger<EngineDiagnostics>>(),
        }));
        services.AddSingleton<DiagnosticsResponder>();
        services.AddHostedService(sp => sp.GetRequiredService<DiagnosticsResponder>());
        // The durable outboxes, each drained by a loop of its own (alarms and notices never wait behind records), told by
        // the engine's tick when new entries are journaled; then telemetry and the retained channel states.
        services.AddSingleton<AlarmPublisher>();
        services.AddSingleton<NoticePublisher>();
        services.AddSingleton<RecordPublisher>();
        services.AddSingleton(sp => new Publishing.LivePublisher(sp.GetRequiredService<MqttConnection>(), time,
            sp.GetRequiredService<ILogger<Publishing.LivePublisher>>()));
        services.AddHostedService(sp =>
        {
            var alarms = sp.GetRequiredService<AlarmPublisher>();
            var notices = sp.GetRequiredService<NoticePublisher>();
            var records = sp.GetRequiredService<RecordPublisher>();
            var live = sp.GetRequiredService<Publishing.LivePublisher>();
            var engine = sp.GetRequiredService<TickEngine>();
            engine.TickCompleted += produced =>
            {
                var journaled = engine.LastJournaled;
                if (produced.AlarmChanges.Count > 0)
                {
                    alarms.Notify(journaled);
                }

                if (produced.Records.Count > 0)
                {
                    records.Notify(journaled);
                }

                if (Publishing.TickNotices.Any(produced))
                {
                    notices.Notify(journaled);
                }

                live.OnTick(engine, produced);
            };
            return alarms;
        });
        services.AddHostedService(sp => sp.GetRequiredService<NoticePublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<RecordPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<Publishing.LivePublisher>());

        // The journal: opened (and checked, or a damaged file kept aside) before the engine's first tick.
        services.AddSingleton<IJournal>(sp => OpenJournal(settings.Storage, time, sp.GetRequiredService<ILogger<SqliteJournal>>()));

        services.AddHostedService(sp => new JournalRetention((SqliteJournal)sp.GetRequiredService<IJournal>(), time, sp.GetRequiredService<ILogger<JournalRetention>>()));

        // The data partition's space, sampled off the tick (storage alarms at 80 % and 95 %, no new session under 50 MB).
        services.AddSingleton(_ => new DiskSpaceGauge(settings.Storage.FullPath, TimeProvider.System));

        // systemd: READY after the first tick, WATCHDOG only while ticks are on time (measured in real time).
        services.AddSingleton(sp => SystemdNotifier.FromEnvironment(
            Environment.GetEnvironmentVariable, sp.GetRequiredService<ILogger<SystemdNotifier>>()));
        services.AddSingleton(sp => new EngineWatchdog(
            sp.GetRequiredService<SystemdNotifier>(),
            time,
            EngineWatchdog.WatchdogUsecFromEnvironment(Environment.GetEnvironmentVariable, Environment.ProcessId),
            RealTimeDriver.Period,
            sp.GetRequiredService<ILogger<EngineWatchdog>>()));

        if (settings.Hardware.Mode == HardwareMode.Simulated)
        {
            AddSimulatedUnit(services, settings, time);
        }
        else
        {
            services.AddSingleton(sp => SerialHardware.Open(settings.Hardware, time, sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton(sp =>
            {
                var hardware = sp.GetRequiredService<SerialHardware>();
                return new TickEngine(sp.GetRequiredService<UnitIdentity>(), sp.GetRequiredService<IBrokerStatus>(), time,
                    hardware.Chiller, hardware.Board, hardware.Probe, settings.Engine with
                    {
                        BootId = BoardBootId(), ClockSync = new KernelClockSync(KernelClockSync.ReleaseBuildDay()), StorageSpace = sp.GetRequiredService<DiskSpaceGauge>(),
                    }, sp.GetRequiredService<IJournal>(),
                    sp.GetRequiredService<ILogger<SafetyLog>>());
            });
            services.AddHostedService<RealTimeDriver>();
        }

        return services;
    }

    private static SqliteJournal OpenJournal(StorageOptions storage, TimeProvider time, ILogger<SqliteJournal> logger)
    {
        try
        {
            return SqliteJournal.Open(storage.FullPath, time, logger, new JournalOptions { RetentionDays = storage.RetentionDays });
        }
        catch (Exception ex) when (ex is JournalVersionException or JournalMigrationException)
        {
            throw new StartupException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new StartupException($"cannot open the journal in {storage.FullPath}: {ex.Message}; check Storage:Path", ex);
        }
    }

    // The kernel's id of this boot: the epoch of the monotonic clock the engine's durations are measured on.
    private static string BoardBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    // Simulated mode: the engine runs on device time, lock-step with the simulated unit (README, "Architecture"). The unit
    // outlives the host process: it is restored from the data folder, advanced by the real downtime times TimeScale with
    // its compressor and pump stopped, and saved again at every checkpoint.
    private static void AddSimulatedUnit(IServiceCollection services, EdgeSettings settings, TimeProvider real)
    {
        services.AddSingleton(sp => new SimulatedUnitStore(settings.Storage.FullPath, real));
        services.AddSingleton(sp =>
        {
            var unitOptions = new SimulatedUnitOptions
            {
                Seed = settings.Simulator.Seed,
                AmbientC = settings.Simulator.AmbientC,
                Mcu = new McuEmulatorOptions { Serial = settings.Unit.Id.Length <= 12 ? settings.Unit.Id : settings.Unit.Id[..12] },
            };
            var store = sp.GetRequiredService<SimulatedUnitStore>();
            SimulatedUnitSnapshot? saved;
            try
            {
                saved = store.Load();
            }
            catch (InvalidDataException ex)
            {
                throw new StartupException($"{ex.Message}; move the file aside to start the simulated unit afresh", ex);
            }

            var identity = sp.GetRequiredService<UnitIdentity>();
            var broker = sp.GetRequiredService<IBrokerStatus>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var journal = sp.GetRequiredService<IJournal>();
            var engineOptions = settings.Engine with { StorageSpace = sp.GetRequiredService<DiskSpaceGauge>() };
            if (saved is null)
            {
                return new SimulatedRig(identity, broker, unitOptions, real.GetUtcNow(), loggers, engineOptions, journal);
            }

            var clock = DeviceClock.Resume(saved.Epoch, saved.DeviceTime, store.RealDowntime(saved), settings.Simulator.TimeScale);
            return new SimulatedRig(identity, broker, clock, c => SimulatedUnit.Restore(saved, unitOptions, c, c.Elapsed - saved.DeviceTime),
                unitOptions.Seed, loggers, engineOptions, journal);
        });
        services.AddSingleton(sp => sp.GetRequiredService<SimulatedRig>().Engine);
        services.AddSingleton(sp => new SimulatedUnitKeeper(sp.GetRequiredService<SimulatedRig>(), sp.GetRequiredService<SimulatedUnitStore>(),
            TimeSpan.FromSeconds(settings.Sessions.CheckpointSeconds), sp.GetRequiredService<ILogger<SimulatedUnitKeeper>>()));

        // The keeper is resolved before the driver, so the container disposes it after the driver's loop has stopped.
        services.AddHostedService(sp =>
        {
            _ = sp.GetRequiredService<SimulatedUnitKeeper>();
            return new LockStepDriver(sp.GetRequiredService<SimulatedRig>(), real, settings.Simulator.TimeScale,
                sp.GetRequiredService<EngineWatchdog>(), sp.GetRequiredService<ILogger<LockStepDriver>>());
        });
    }
}
