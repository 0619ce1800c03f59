using System.Text.Json.Serialization;

namespace Paxman.Edge.Simulation.Continuity;

/// <summary>The snapshot's JSON (source-generated: no reflection on the save path, which runs at every checkpoint).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(SimulatedUnitSnapshot))]
internal sealed partial class SimulatedUnitJsonContext : JsonSerializerContext;
