using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Messaging;

namespace Paxman.Edge.Engine.Configuration;

/// <summary>
/// Every configuration section of the README's "Configuration", bound and validated once at start.
/// <see cref="Load"/> throws <see cref="ConfigurationProblemException"/> with one line naming the key;
/// the service turns that into exit code 2 before anything starts.
/// </summary>
public sealed partial class EdgeSettings
{
    public required UnitOptions Unit { get; init; }

    public required HardwareOptions Hardware { get; init; }

    public required SimulatorOptions Simulator { get; init; }

    public required MqttOptions Mqtt { get; init; }

    public required StorageOptions Storage { get; init; }

    public required BillingOptions Billing { get; init; }

    public required PrivacyOptions Privacy { get; init; }

    public required ControlOptions Control { get; init; }

    public required SafetyOptions Safety { get; init; }

    public required SessionOptions Sessions { get; init; }

    /// <summary>The technician's PIN hash, read from its file.</summary>
    public TechnicianOptions Technician { get; init; } = new();

    /// <summary>The coolant sensors' offset calibration.</summary>
    public SensingOptions Sensing { get; init; } = new();

    /// <summary>The engine's logic as configured (the boot id is the composition root's to add).</summary>
    public EngineOptions Engine => new()
    {
        Control = Control,
        Safety = Safety,
        Sessions = Sessions,
        BillingRule = Billing.Rule,
        PatientRefKey = string.IsNullOrEmpty(Privacy.PatientRefKey) ? null : Privacy.PatientRefKey,
        SensorOffsets = Sensing.Offsets,
    };

    /// <summary>Keys in our sections that no option reads, for a warning at start.</summary>
    public required IReadOnlyList<string> UnknownKeys { get; init; }

    /// <summary>Binds and validates every section; throws on the first problem.</summary>
    public static EdgeSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = new List<string>();

        var settings = new EdgeSettings
        {
            Unit = Bind<UnitOptions>(configuration, UnitOptions.Section, unknown),
            Hardware = Bind<HardwareOptions>(configuration, HardwareOptions.Section, unknown),
            Simulator = Bind<SimulatorOptions>(configuration, SimulatorOptions.Section, unknown),
            Mqtt = Bind<MqttOptions>(configuration, MqttOptions.Section, unknown, MqttPasswordFile),
            Storage = Bind<StorageOptions>(configuration, StorageOptions.Section, unknown),
            Billing = Bind<BillingOptions>(configuration, BillingOptions.Section, unknown),
            Privacy = Bind<PrivacyOptions>(configuration, PrivacyOptions.Section, unknown),
            Control = Bind<ControlOptions>(configuration, ControlOptions.Section, unknown),
            Safety = Bind<SafetyOptions>(configuration, SafetyOptions.Section, unknown),
            Sessions = Bind<SessionOptions>(configuration, SessionOptions.Section, unknown),
            Technician = Bind<TechnicianOptions>(configuration, TechnicianOptions.Section, unknown),
            Sensing = Bind<SensingOptions>(configuration, SensingOptions.Section, unknown),
            UnknownKeys = unknown,
        };

        var problems = settings.Unit.Validate()
            .Concat(settings.Hardware.Validate())
            .Concat(settings.Simulator.Validate())
            .Concat(ReadMqttPassword(configuration, settings.Mqtt))
            .Concat(settings.Mqtt.Validate())
            .Concat(settings.Technician.Validate())
            .Concat(settings.Billing.Validate())
            .Concat(settings.Privacy.Validate())
            .Concat(settings.Control.Validate())
            .Concat(settings.Safety.Validate())
            .Concat(settings.Sessions.Validate())
            .Concat(settings.Sensing.Validate());

        // Cross-section rule: accelerated time exists only with the simulator.
        if (settings.Hardware.Mode == HardwareMode.Serial && configuration[$"{SimulatorOptions.Section}:{nameof(SimulatorOptions.TimeScale)}"] is not null)
        {
            problems = problems.Append("Simulator:TimeScale: set together with Hardware:Mode=Serial; real hardware runs in real time, remove the key.");
        }

        // Cross-section rule: bench mode never runs on a unit that treats patients. A unit's own board keys (its GPIO
        // chip, the probe's SPI device) or patient references mean this is one (README, "Configuration").
        if (settings.Hardware.Bench)
        {
            foreach (var key in (string[])["Hardware:GpioChip", "Hardware:ProbeSpiBus", "Hardware:ProbeSpiChipSelect", "Privacy:PatientRefKey"])
            {
                if (configuration[key] is not null)
                {
                    problems = problems.Append(
                        $"Hardware:Bench: set together with {key}; bench mode simulates the board and the safety probe and treats no patient, so it never runs on a unit: remove one of the two keys.");
                }
            }
        }

        // Cross-section rule: control must not hold the coolant where the supervisor calls it over-cooled.
        if (settings.Control.SetpointC - settings.Control.ReadyBandC <= settings.Safety.OverCoolingC)
        {
            problems = problems.Append(
                $"Control:SetpointC: {settings.Control.SetpointC} is too close to Safety:OverCoolingC ({settings.Safety.OverCoolingC}); the ready band (Control:ReadyBandC {settings.Control.ReadyBandC}) must stay above it.");
        }

        // Cross-section rule: pre-chill must not take the coolant near the over-cooling alarm (README, "Control").
        if (PreChillBounds.OverCoolingProblem(settings.Control, settings.Safety.OverCoolingC) is { } prechill)
        {
            problems = problems.Append(prechill);
        }

        // Storage last: its check creates the folder, which a refused start-up should not leave behind.
        var first = problems.Concat(settings.Storage.Validate()).FirstOrDefault();
        if (first is not null)
        {
            throw new ConfigurationProblemException(first);
        }

        return settings;
    }

    // Mqtt:PasswordFile: the password read from a file kept from other users, in place of Mqtt:Password.
    private static IEnumerable<string> ReadMqttPassword(IConfiguration configuration, MqttOptions mqtt)
    {
        var key = $"{MqttOptions.Section}:{MqttPasswordFile}";
        if (configuration[key] is not { Length: > 0 } path)
        {
            yield break;
        }

        if (!string.IsNullOrEmpty(mqtt.Password))
        {
            yield return $"{key}: set together with Mqtt:Password; keep the password in the file only.";
            yield break;
        }

        mqtt.Password = SecretFile.Read(key, path, out var problem);
        if (problem is not null)
        {
            yield return problem;
        }
    }

    private const string MqttPasswordFile = "PasswordFile";

    private static T Bind<T>(IConfiguration configuration, string section, List<string> unknown, params string[] alsoKnown)
        where T : new()
    {
        // Only what the binder sets is a key (a value read from a file, like Technician:PinHash, is not).
        var known = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true)
            .Select(p => p.Name)
            .Concat(alsoKnown)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sectionConfig = configuration.GetSection(section);
        unknown.AddRange(sectionConfig.GetChildren()
            .Where(child => !known.Contains(child.Key))
            .Select(child => $"{section}:{child.Key}"));

        var options = new T();
        try
        {
            sectionConfig.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value in its message; reword it for a technician.
            var match = ConversionFailure().Match(ex.Message);
            throw new ConfigurationProblemException(match.Success
                ? $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not a valid {Describe(match.Groups["type"].Value)}."
                : $"{section}: {ex.Message}");
        }

        return options;
    }

    private static string Describe(string typeName) => typeName switch
    {
        "System.Int32" or "System.Double" => "number",
        "System.Boolean" => "true/false value",
        var t when t.EndsWith(nameof(HardwareMode), StringComparison.Ordinal) => "mode; use Simulated or Serial",
        _ => typeName,
    };

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
