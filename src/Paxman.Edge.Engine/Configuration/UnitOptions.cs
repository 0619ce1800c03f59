using System.Text.RegularExpressions;

namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Unit</c> (README, "Configuration").</summary>
public sealed partial class UnitOptions
{
    public const string Section = "Unit";
    public const string DefaultId = "PX-SIM-0001";

    /// <summary>The unit serial used in MQTT topics and records.</summary>
    public string Id { get; set; } = DefaultId;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        // The id is a topic level: MQTT wildcards and separators would change the topic's meaning.
        if (!IdPattern().IsMatch(Id ?? string.Empty))
        {
            yield return $"Unit:Id: '{Id}' is not a unit serial; use 1 to 64 letters, digits, '.', '_' or '-'.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
