namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// Corrupts a byte stream as a noisy UART would: each bit flips with probability <see cref="BitErrorRate"/> and
/// each byte is lost with probability <see cref="DropRate"/>. Seeded, so a run can be repeated exactly.
/// </summary>
public sealed class LineNoise
{
    private readonly Random _random;

    public LineNoise(int seed)
    {
        _random = new Random(seed);
    }

    public double BitErrorRate { get; set; }

    public double DropRate { get; set; }

    public long BitsFlipped { get; private set; }

    public long BytesDropped { get; private set; }

    public bool IsQuiet => BitErrorRate <= 0 && DropRate <= 0;

    /// <summary>Appends <paramref name="input"/>, corrupted, to <paramref name="output"/>.</summary>
    public void Apply(ReadOnlySpan<byte> input, List<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var original in input)
        {
            if (DropRate > 0 && _random.NextDouble() < DropRate)
            {
                BytesDropped++;
                continue;
            }

            var b = original;
            if (BitErrorRate > 0)
            {
                for (var bit = 0; bit < 8; bit++)
                {
                    if (_random.NextDouble() < BitErrorRate)
                    {
                        b ^= (byte)(1 << bit);
                        BitsFlipped++;
                    }
                }
            }

            output.Add(b);
        }
    }
}
