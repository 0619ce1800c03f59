using Microsoft.Extensions.Compliance.Classification;

namespace Paxman.Edge.Service.Logging;

/// <summary>
/// The unit's data classes for redaction (README, "Logs"): what must never reach a log line as it is.
/// A <c>[LoggerMessage]</c> parameter marked <see cref="SecretDataAttribute"/> or <see cref="PatientDataAttribute"/>
/// is redacted by every logging provider.
/// </summary>
public static class EdgeTaxonomy
{
    /// <summary>The taxonomy's name.</summary>
    public const string Name = "PaxmanEdge";

    /// <summary>The MQTT password, the technician PIN and its hash, <c>Privacy:PatientRefKey</c>.</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(Secret));

    /// <summary>A patient reference, as the nurse typed it or as its HMAC.</summary>
    public static DataClassification PatientReference { get; } = new(Name, nameof(PatientReference));
}
