using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paxman.Edge.Core.Sessions;

/// <summary>A session's whole state as journaled after each event and checkpoint (source-generated, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TreatmentSession))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;

/// <summary>Serialises a <see cref="TreatmentSession"/> for the journal and reads it back at recovery.</summary>
public static class SessionJson
{
    public static string Serialize(TreatmentSession session) => JsonSerializer.Serialize(session, SessionJsonContext.Default.TreatmentSession);

    /// <summary>Reads a journaled session; throws <see cref="JsonException"/> if the text is not one.</summary>
    public static TreatmentSession Deserialize(string json) =>
        JsonSerializer.Deserialize(json, SessionJsonContext.Default.TreatmentSession) ?? throw new JsonException("a journaled session is null");
}
