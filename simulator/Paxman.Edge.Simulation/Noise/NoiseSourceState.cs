namespace Paxman.Edge.Simulation.Noise;

/// <summary>The saved state of a <see cref="NoiseSource"/>.</summary>
public sealed record NoiseSourceState
{
    /// <summary>The generator's table, <see cref="NoiseSource.TableLength"/> entries (entry 0 unused).</summary>
    public IReadOnlyList<int> Table { get; init; } = [];

    /// <summary>Index of the entry used last, 0..55.</summary>
    public int Next { get; init; }

    /// <summary>Index of its lagged partner, 0..55.</summary>
    public int NextP { get; init; }

    /// <summary>Null when the state is one the generator can be in, else what is wrong with it.</summary>
    public string? Validate()
    {
        if (Table is null || Table.Count != NoiseSource.TableLength)
        {
            return $"a noise source's table has {NoiseSource.TableLength} entries, not {Table?.Count ?? 0}";
        }

        if (Next is < 0 or >= NoiseSource.TableLength || NextP is < 0 or >= NoiseSource.TableLength)
        {
            return $"a noise source's indices are 0..{NoiseSource.TableLength - 1}, not {Next} and {NextP}";
        }

        // The lag between the two indices is fixed by the algorithm.
        if ((NextP - Next + 55) % 55 != 21)
        {
            return $"a noise source's indices {Next} and {NextP} are not 21 apart";
        }

        return null;
    }
}
