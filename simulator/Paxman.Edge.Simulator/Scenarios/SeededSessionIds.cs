namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>Session ids for a deterministic run: version-4 UUIDs drawn from a <see cref="Random"/> seeded by the scenario's seed.</summary>
internal sealed class SeededSessionIds(int seed)
{
    private readonly Random _random = new(seed);

    public string Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4 (random)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
