using System.Text.Json;
using System.Text.Json.Nodes;
using Paxman.Edge.Engine.Configuration;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>
/// The unit's configuration as the <c>config</c> diagnostics request shows it (README, "Diagnostics for technicians"):
/// every section's values in effect, with each secret replaced by <c>"***"</c> when set (null when not). Secrets are the
/// members named in <see cref="SecretMembers"/>, and any member whose name ends in <c>Password</c>, <c>Key</c>,
/// <c>Secret</c>, <c>Token</c> or <c>Hash</c>, so a secret added later is redacted by its name too. Files that hold
/// secrets are shown by path only.
/// </summary>
public static class ConfigurationView
{
    /// <summary>What is shown for a secret that is set.</summary>
    public const string Redacted = "***";

    /// <summary>The secrets by name: <c>Mqtt:Password</c>, <c>Privacy:PatientRefKey</c>, <c>Technician:PinHash</c> and its parsed <c>Pin</c>.</summary>
    public static IReadOnlySet<string> SecretMembers { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Password", "PatientRefKey", "PinHash", "Pin" };

    private static readonly string[] SecretSuffixes = ["Password", "Key", "Secret", "Token", "Hash"];

    /// <summary>Each section as a JSON object, secrets redacted.</summary>
    public static JsonObject Of(EdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sections = new (string Name, object Options)[]
        {
            (UnitOptions.Section, settings.Unit), (HardwareOptions.Section, settings.Hardware), (SimulatorOptions.Section, settings.Simulator),
            ("Mqtt", settings.Mqtt), (StorageOptions.Section, settings.Storage), (BillingOptions.Section, settings.Billing),
            (PrivacyOptions.Section, settings.Privacy), ("Control", settings.Control), ("Safety", settings.Safety), ("Sessions", settings.Sessions),
            (TechnicianOptions.Section, settings.Technician), (SensingOptions.Section, settings.Sensing),
        };
        var view = new JsonObject();
        foreach (var (name, options) in sections)
        {
            var node = JsonSerializer.SerializeToNode(options, options.GetType(), Serializer) ?? new JsonObject();
            Redact(node);
            view[name] = node;
        }

        return view;
    }

    /// <summary>Whether a member of this name is a secret.</summary>
    public static bool IsSecret(string member) =>
        SecretMembers.Contains(member) || SecretSuffixes.Any(s => member.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static readonly JsonSerializerOptions Serializer = new(JsonSerializerOptions.Default)
    {
        // Section keys as configuration spells them (Mqtt:Password), enums by name.
        PropertyNamingPolicy = null,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static void Redact(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name))
                    {
                        obj[name] = obj[name] is null ? null : JsonValue.Create(Redacted);
                    }
                    else if (obj[name] is { } child)
                    {
                        Redact(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Redact(item);
                    }
                }

                break;
        }
    }
}
