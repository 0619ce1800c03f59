using Paxman.Edge.Simulation.Noise;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// Corrupts a byte stream as a noisy UART would: each bit flips with probability <see cref="BitErrorRate"/> and
/// each byte is lost with probability <see cref="DropRate"/>. Seeded, so a run can be repeated exactly, and its
/// state can be saved (<see cref="Capture"/>) so a restored unit goes on with the same noise.
/// </summary>
public sealed class LineNoise
{
    private readonly NoiseSource _random;

    public LineNoise(int seed)
        : this(new NoiseSource(seed))
    {
    }

    private LineNoise(NoiseSource random)
    {
        _random = random;
    }

    public double BitErrorRate { get; set; }

    public double DropRate { get; set; }

    public long BitsFlipped { get; private set; }

    public long BytesDropped { get; private set; }

    public bool IsQuiet => BitErrorRate <= 0 && DropRate <= 0;

    /// <summary>A line that goes on from a saved <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state is not valid.</exception>
    public static LineNoise Restore(LineNoiseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(state));
        }

        return new LineNoise(NoiseSource.Restore(state.Noise))
        {
            BitErrorRate = state.BitErrorRate,
            DropRate = state.DropRate,
            BitsFlipped = state.BitsFlipped,
            BytesDropped = state.BytesDropped,
        };
    }

    /// <summary>The line's rates, counters and random source now.</summary>
    public LineNoiseState Capture() => new()
    {
        BitErrorRate = BitErrorRate,
        DropRate = DropRate,
        BitsFlipped = BitsFlipped,
        BytesDropped = BytesDropped,
        Noise = _random.Capture(),
    };

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
