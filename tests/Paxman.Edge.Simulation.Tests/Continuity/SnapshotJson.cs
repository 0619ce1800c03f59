using System.Text.Json;
using System.Text.Json.Serialization;
using Paxman.Edge.Simulation.Continuity;

namespace Paxman.Edge.Simulation.Tests.Continuity;

/// <summary>A snapshot as text, to compare two of them field by field (records with lists compare lists by reference).</summary>
internal static class SnapshotJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Of(SimulatedUnitSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);
}
