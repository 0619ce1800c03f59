using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting.Systemd;
using Paxman.Edge.Core;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Engine.Watchdog;
using Paxman.Edge.Service;
using Paxman.Edge.Service.Api;
using Paxman.Edge.Service.Commands;
using Paxman.Edge.Service.Health;
using Paxman.Edge.Service.Hosting;
using Paxman.Edge.Service.Logging;

// Exit codes: 0 stopped cleanly; 2 invalid configuration (one line naming the key); 3 cannot start (port in use, ...).
// verify-journal checks the journal and exits (0 intact, 1 broken, 2 bad arguments) before any host is built; hash-pin
// prints the technician PIN's hash line (0, or 2 without a usable PIN).
if (VerifyJournalCommand.IsInvoked(args))
{
    return VerifyJournalCommand.Run(args.AsSpan(1), Console.Out, Console.Error);
}

if (HashPinCommand.IsInvoked(args))
{
    return HashPinCommand.Run(Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json and wwwroot live beside the executable, so the unit starts the same from any directory
    // (dotnet run from the repository root makes the current directory the content root otherwise).
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

EdgeSettings settings;
try
{
    // Built-in defaults, then the installed unit's file (/etc/paxman-edge/appsettings.json), then the environment.
    UnitConfigFile.AddTo(builder.Configuration, Environment.GetEnvironmentVariable(UnitConfigFile.Variable));
    settings = EdgeSettings.Load(builder.Configuration);
}
catch (ConfigurationProblemException ex)
{
    await Console.Error.WriteLineAsync($"Configuration error: {ex.Message}");
    return 2;
}

// Under systemd, AddSystemd switches the console to its "systemd" format (syslog priority prefixes journald reads).
builder.Services.AddSystemd();
builder.Logging.AddEdgeLogging();
// After AddSystemd: its lifetime must not send READY=1 before the engine's first tick (EngineWatchdog does).
builder.Services.AddSingleton<ISystemdNotifier>(new SilentSystemdNotifier());
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(4));
builder.Services.AddPaxmanEdge(settings, TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddEdgeHealthChecks();
// The touchscreen's trend buffer, made as the host starts (so that a unit that cannot start still exits 3).
builder.Services.AddSingleton<ChannelTrends>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ChannelTrends>());

var app = builder.Build();
app.Lifetime.ApplicationStopping.Register(app.Services.GetRequiredService<EngineWatchdog>().Stopping);
foreach (var key in settings.UnknownKeys)
{
    StartupLog.UnknownKey(app.Logger, key);
}

StartupLog.Configured(app.Logger, settings.Unit.Id, settings.Hardware.Mode, settings.Mqtt.Broker, settings.Mqtt.Port,
    settings.Mqtt.Username, settings.Mqtt.Password, settings.Privacy.PatientRefKey, settings.Technician.PinHash, settings.Storage.Path);

app.UseDefaultFiles();
app.UseStaticFiles();
if (settings.Hardware.Mode == HardwareMode.Simulated)
{
    app.MapSimulatorApi();
}

app.MapEdgeHealth();
app.MapAlarmsApi();
app.MapSessionsApi();
app.MapServiceModeApi();
app.MapEventsApi();
app.MapTrendApi(settings.Sessions);
app.MapStatusApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync($"Cannot start: {ex.Message}");
    return 3;
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    await Console.Error.WriteLineAsync(
        $"Cannot start: the touchscreen's HTTP address is already in use ({ex.Message.TrimEnd('.')}); is another Paxman Edge running? set --urls to another address");
    return 3;
}
