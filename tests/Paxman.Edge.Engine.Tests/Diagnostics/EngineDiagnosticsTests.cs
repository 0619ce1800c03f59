using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Engine.Diagnostics;
using Paxman.Edge.Engine.Sensing;
using Paxman.Edge.Engine.Tests.Safety;
using Paxman.Edge.Messaging;
using Paxman.Edge.Protocol;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Diagnostics;

/// <summary>The technicians' commands on the whole simulated unit in device time: answers, refusals, and nothing changed by a refusal.</summary>
public sealed class EngineDiagnosticsTests : TestEnvironment
{
    private static readonly TechnicianPin Pin = TechnicianPin.TryParse(TechnicianPin.Hash("4711", TechnicianPin.MinIterations))!;

    private static readonly string[] ChangingRequests =
    [
        "{\"command\":\"autotune-start\"}",
        "{\"command\":\"sensor-offset\",\"sensor\":\"supply\",\"offsetC\":0.5}",
        "{\"command\":\"log-level\",\"level\":\"Debug\"}",
        "{\"command\":\"mcu-clear-fault\",\"code\":\"mcu-over-cooling\"}",
    ];

    [Fact]
    public void Every_changing_request_is_refused_without_service_mode_and_changes_nothing()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var levels = new RecordingLogLevels();
        var diagnostics = Diagnostics(unit, new ServiceMode(Pin, unit.Rig.Clock), levels);

        foreach (var request in ChangingRequests)
        {
            var answer = diagnostics.Ask(unit.Rig, request);
            Assert.False(answer.Ok(), request);
            Assert.Equal(DiagnosticsErrors.ServiceModeOff, answer.Code());
            Assert.Contains("POST /api/service-mode", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(unit.Engine.Control.Autotune);
        Assert.Equal(default, unit.Engine.SensorOffsets);
        Assert.Empty(levels.Calls);
        Assert.Contains(Logs.Entries, e => e.Message == "Diagnostics request 'sensor-offset' from tech-7 refused: service-mode-off");
    }

    [Fact]
    public void Every_changing_request_is_refused_while_a_session_is_open_even_in_service_mode_and_no_request_touches_the_treatment()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var mode = new ServiceMode(Pin, unit.Rig.Clock);
        Assert.Equal(ServiceModeOutcome.On, mode.Enter("4711").Outcome);
        var levels = new RecordingLogLevels();
        var diagnostics = Diagnostics(unit, mode, levels);
        unit.StartCooling(CapChannel.A);
        var session = unit.Engine.Sessions[CapChannel.A].Session!;

        foreach (var request in ChangingRequests)
        {
            var answer = diagnostics.Ask(unit.Rig, request);
            Assert.False(answer.Ok(), request);
            Assert.Equal(DiagnosticsErrors.NotIdle, answer.Code());
            Assert.Contains("channel A", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        // Every read-only request too leaves the session, its valve and the gains as they were.
        foreach (var command in EngineDiagnostics.ReadOnlyCommands)
        {
            diagnostics.Ask(unit.Rig, $"{{\"command\":\"{command}\",\"since\":\"2026-01-01T00:00:00Z\"}}");
        }

        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Same(session, unit.Engine.Sessions[CapChannel.A].Session);
        Assert.Equal(SessionPhase.Precool, session.Phase);
        Assert.False(session.IsFinal);
        Assert.True(unit.Engine.Output.ValveA);
        Assert.Null(unit.Engine.Control.Autotune);
        Assert.Equal(default, unit.Engine.SensorOffsets);
        Assert.Empty(levels.Calls);
    }

    [Fact]
    public void In_service_mode_on_an_idle_unit_a_sensor_offset_shifts_the_reading_control_and_safety_see()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var mode = new ServiceMode(Pin, unit.Rig.Clock);
        mode.Enter("4711");
        var diagnostics = Diagnostics(unit, mode);
        unit.Unit.Plant.ForcedSupplyC = -4.0;
        unit.Run(TimeSpan.FromSeconds(1));
        var before = unit.Engine.Snapshot.SupplyC!.Value;

        var answer = diagnostics.Ask(unit.Rig, "{\"command\":\"sensor-offset\",\"sensor\":\"supply\",\"offsetC\":0.8}");
        unit.Run(TimeSpan.FromSeconds(1));

        Assert.True(answer.Ok(), answer.ToString());
        Assert.Equal(0.8, answer.GetProperty("sensorOffsets").GetProperty("supplyC").GetDouble());
        Assert.False(answer.GetProperty("persistent").GetBoolean());
        Assert.Equal("Sensing:SupplyOffsetC", answer.GetProperty("keepWith").GetString());
        Assert.Equal(before + 0.8, unit.Engine.Snapshot.SupplyC!.Value, 2);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Diagnostics changed the unit: sensor offset supply 0.8 C, asked by tech-7");

        // Out of range or unknown: refused, the calibration as it was.
        foreach (var bad in new[] { "{\"command\":\"sensor-offset\",\"sensor\":\"supply\",\"offsetC\":2.5}", "{\"command\":\"sensor-offset\",\"sensor\":\"probe\",\"offsetC\":0.1}",
                     "{\"command\":\"sensor-offset\",\"sensor\":\"supply\",\"offsetC\":\"1\"}" })
        {
            Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(unit.Rig, bad).Code());
        }

        Assert.Equal(new SensorOffsets(0.8, 0, 0, 0), unit.Engine.SensorOffsets);
    }

    [Fact]
    public void A_configured_sensor_offset_is_applied_from_the_first_tick_and_one_out_of_range_stops_start_up()
    {
        using var folder = new TempFolder();
        IConfiguration Config(string key, string value) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = folder.File("data"),
            [key] = value,
        }).Build();
        var settings = EdgeSettings.Load(Config("Sensing:SupplyOffsetC", "-0.6"));
        Assert.Equal(new SensorOffsets(-0.6, 0, 0, 0), settings.Engine.SensorOffsets);

        using var unit = new UnitUnderTest(LoggerFactory, options: settings.Engine);
        unit.Unit.Plant.ForcedSupplyC = -4.0;
        unit.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(new SensorOffsets(-0.6, 0, 0, 0), unit.Engine.SensorOffsets);
        Assert.InRange(unit.Engine.Snapshot.SupplyC!.Value, -4.7, -4.5);

        var ex = Assert.Throws<ConfigurationProblemException>(() => EdgeSettings.Load(Config("Sensing:ReturnBOffsetC", "2.5")));
        Assert.StartsWith("Sensing:ReturnBOffsetC: 2.5 is out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_service_mode_autotune_starts_and_the_log_level_is_set_and_reset()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var mode = new ServiceMode(Pin, unit.Rig.Clock);
        mode.Enter("4711");
        var levels = new RecordingLogLevels();
        var diagnostics = Diagnostics(unit, mode, levels);

        var autotune = diagnostics.Ask(unit.Rig, "{\"command\":\"autotune-start\",\"deltaC\":0.4}");
        Assert.True(autotune.Ok(), autotune.ToString());
        Assert.NotNull(unit.Engine.Control.Autotune);
        Assert.Equal("running", diagnostics.Ask(unit.Rig, "{\"command\":\"autotune-status\"}").GetProperty("autotune").GetString());
        Assert.True(diagnostics.Ask(unit.Rig, "{\"command\":\"autotune-cancel\"}").GetProperty("cancelled").GetBoolean());
        Assert.Equal("idle", diagnostics.Ask(unit.Rig, "{\"command\":\"autotune-status\"}").GetProperty("autotune").GetString());

        Assert.True(diagnostics.Ask(unit.Rig, "{\"command\":\"log-level\",\"level\":\"debug\",\"category\":\"Paxman.Edge.Engine\"}").Ok());
        Assert.True(diagnostics.Ask(unit.Rig, "{\"command\":\"log-level\",\"level\":\"reset\"}").Ok());
        Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(unit.Rig, "{\"command\":\"log-level\",\"level\":\"loud\"}").Code());
        Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(unit.Rig, "{\"command\":\"log-level\",\"level\":\"1\"}").Code());
        Assert.Equal(["Debug Paxman.Edge.Engine", "reset"], levels.Calls);
    }

    [Fact]
    public void Service_mode_ending_after_30_minutes_of_device_time_refuses_changes_again()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var mode = new ServiceMode(Pin, unit.Rig.Clock);
        mode.Enter("4711");
        var diagnostics = Diagnostics(unit, mode);

        unit.Run(TimeSpan.FromMinutes(29));
        Assert.True(diagnostics.Ask(unit.Rig, "{\"command\":\"sensor-offset\",\"sensor\":\"return\",\"offsetC\":0.1}").Ok());
        unit.Run(TimeSpan.FromMinutes(1));

        var late = diagnostics.Ask(unit.Rig, "{\"command\":\"sensor-offset\",\"sensor\":\"return\",\"offsetC\":0.2}");
        Assert.Equal(DiagnosticsErrors.ServiceModeOff, late.Code());
        Assert.Equal(0.1, unit.Engine.SensorOffsets.ReturnC);
    }

    [Fact]
    public void A_latched_MCU_fault_is_cleared_only_once_its_cause_is_gone()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        var mode = new ServiceMode(Pin, unit.Rig.Clock);
        mode.Enter("4711");
        var diagnostics = Diagnostics(unit, mode);
        const string Clear = "{\"command\":\"mcu-clear-fault\",\"code\":\"mcu-over-cooling\"}";
        Assert.Equal(DiagnosticsErrors.Refused, diagnostics.Ask(unit.Rig, Clear).Code());

        unit.Unit.Plant.ForcedSupplyC = -12;
        unit.RunUntil(() => unit.IsRaised("mcu-over-cooling"), TimeSpan.FromSeconds(2), "mcu-over-cooling alarm");
        unit.Run(TimeSpan.FromSeconds(2));
        var present = diagnostics.Ask(unit.Rig, Clear);
        Assert.Equal(DiagnosticsErrors.Refused, present.Code());
        Assert.Contains("still present", present.GetProperty("error").GetString(), StringComparison.Ordinal);
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.True(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));

        unit.Unit.Plant.ForcedSupplyC = null;
        unit.Run(TimeSpan.FromSeconds(5));
        var cleared = diagnostics.Ask(unit.Rig, Clear);
        Assert.True(cleared.Ok(), cleared.ToString());
        unit.Run(TimeSpan.FromSeconds(2));
        Assert.False(unit.Unit.Mcu.Latched.HasFlag(McuFaults.OverCooling));
        Assert.False(unit.IsRaised("mcu-over-cooling"));
        Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(unit.Rig, "{\"command\":\"mcu-clear-fault\",\"code\":\"flow-loss\"}").Code());
    }

    [Fact]
    public void Status_link_statistics_and_MCU_identity_describe_the_simulated_MCU()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.Run(TimeSpan.FromSeconds(5));
        var diagnostics = Diagnostics(unit, new ServiceMode(Pin, unit.Rig.Clock));

        var status = diagnostics.Ask(unit.Rig, "{\"command\":\"status\"}");
        Assert.True(status.GetProperty("engine").GetProperty("ticks").GetInt64() > 0);
        Assert.False(status.GetProperty("serviceMode").GetProperty("on").GetBoolean());
        Assert.All(status.GetProperty("channels").EnumerateArray(), c => Assert.True(c.GetProperty("idle").GetBoolean()));

        var link = diagnostics.Ask(unit.Rig, "{\"command\":\"link-stats\"}");
        Assert.Equal("Linked", link.GetProperty("state").GetString());
        Assert.True(link.GetProperty("counters").GetProperty("framesGood").GetInt64() >= 40);
        Assert.Equal(1, link.GetProperty("counters").GetProperty("handshakes").GetInt64());

        var mcu = diagnostics.Ask(unit.Rig, "{\"command\":\"mcu-identity\"}");
        Assert.True(mcu.Ok(), mcu.ToString());
        Assert.Equal("PX-SIM-0001", mcu.GetProperty("serial").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", mcu.GetProperty("firmware").GetString());
    }

    [Fact]
    public void Config_shows_every_section_with_each_secret_redacted()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        using var folder = new TempFolder();
        var pinFile = folder.File("pin");
        var pinLine = TechnicianPin.Hash("4711", TechnicianPin.MinIterations);
        File.WriteAllText(pinFile, pinLine);
        File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var settings = EdgeSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = folder.File("data"),
            ["Unit:Id"] = "PX-CONF-0042",
            ["Mqtt:Broker"] = "mqtt.hospital.lan",
            ["Mqtt:Username"] = "unit-42",
            ["Mqtt:Password"] = "mqtt-secret-9F2C",
            ["Privacy:PatientRefKey"] = "patient-key-55AA77CC11",
            ["Technician:PinHashFile"] = pinFile,
        }).Build());
        var diagnostics = new EngineDiagnostics(new DiagnosticsSources { Engine = unit.Engine, Settings = settings });

        var answer = diagnostics.Ask(unit.Rig, "{\"command\":\"config\"}");
        var text = answer.ToString();

        var configuration = answer.GetProperty("configuration");
        Assert.Equal("PX-CONF-0042", configuration.GetProperty("Unit").GetProperty("Id").GetString());
        Assert.Equal("unit-42", configuration.GetProperty("Mqtt").GetProperty("Username").GetString());
        Assert.Equal("***", configuration.GetProperty("Mqtt").GetProperty("Password").GetString());
        Assert.Equal("***", configuration.GetProperty("Privacy").GetProperty("PatientRefKey").GetString());
        Assert.Equal("***", configuration.GetProperty("Technician").GetProperty("PinHash").GetString());
        Assert.Equal(pinFile, configuration.GetProperty("Technician").GetProperty("PinHashFile").GetString());
        Assert.True(configuration.GetProperty("Safety").EnumerateObject().Any());
        foreach (var secret in new[] { "mqtt-secret-9F2C", "patient-key-55AA77CC11", pinLine, pinLine.Split('$')[2], pinLine.Split('$')[3] })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Recent_log_lines_keep_the_newest_500_oldest_first_without_exception_messages()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
        var ring = new RecentLogLines(time);
        var logger = ring.CreateLogger("Paxman.Test");
        for (var i = 0; i < 600; i++)
        {
            var line = $"line {i}";
#pragma warning disable CA1873 // the test logs on purpose
            logger.Log(i % 2 == 0 ? LogLevel.Information : LogLevel.Warning, new EventId(i), line, null, (s, _) => s);
#pragma warning restore CA1873
        }

        logger.Log(LogLevel.Error, new EventId(7), "failed", new InvalidOperationException("P-SECRET-1"), (s, _) => s);

        Assert.Equal(601, ring.Count);
        var all = ring.Newest(RecentLogLines.Capacity);
        Assert.Equal(RecentLogLines.Capacity, all.Count);
        Assert.Equal("line 101", all[0].Message);
        Assert.Equal("failed", all[^1].Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, all[^1].Exception);
        Assert.DoesNotContain(all, l => l.Message.Contains("P-SECRET-1", StringComparison.Ordinal));
        var warnings = ring.Newest(3, LogLevel.Warning);
        Assert.Equal(["line 597", "line 599", "failed"], warnings.Select(l => l.Message));

        using var unit = new UnitUnderTest(LoggerFactory);
        var diagnostics = new EngineDiagnostics(new DiagnosticsSources { Engine = unit.Engine, Logs = ring });
        var answer = diagnostics.Ask(unit.Rig, "{\"command\":\"log-recent\",\"count\":2,\"minLevel\":\"Error\"}");
        Assert.Equal("failed", Assert.Single(answer.GetProperty("lines").EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal(DiagnosticsErrors.InvalidArgument, diagnostics.Ask(unit.Rig, "{\"command\":\"log-recent\",\"count\":501}").Code());
    }

    private EngineDiagnostics Diagnostics(UnitUnderTest unit, ServiceMode mode, ILogLevelControl? levels = null) => new(new DiagnosticsSources
    {
        Engine = unit.Engine,
        ServiceMode = mode,
        LogLevels = levels ?? new RecordingLogLevels(),
        Logger = LoggerFor<EngineDiagnostics>(),
    });

    /// <summary>The log level switch's seam, recording what diagnostics asked of it.</summary>
    private sealed class RecordingLogLevels : ILogLevelControl
    {
        public List<string> Calls { get; } = [];

        public void SetLevel(LogLevel level, string? category = null) => Calls.Add($"{level} {category}".Trim());

        public void ResetLevels() => Calls.Add("reset");
    }
}
