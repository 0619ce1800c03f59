using Paxman.Edge.Simulation.Noise;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>The saved state of one direction of a noisy line (<see cref="LineNoise"/>).</summary>
public sealed record LineNoiseState
{
    /// <summary>Probability that a bit flips, 0..1.</summary>
    public double BitErrorRate { get; init; }

    /// <summary>Probability that a byte is lost, 0..1.</summary>
    public double DropRate { get; init; }

    public long BitsFlipped { get; init; }

    public long BytesDropped { get; init; }

    /// <summary>The line's random source.</summary>
    public NoiseSourceState Noise { get; init; } = new();

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Validate()
    {
        if (!(BitErrorRate is >= 0 and <= 1) || !(DropRate is >= 0 and <= 1))
        {
            return $"a line's bit error and drop rates are 0..1, not {BitErrorRate} and {DropRate}";
        }

        if (BitsFlipped < 0 || BytesDropped < 0)
        {
            return "a line's counters cannot be negative";
        }

        return Noise is null ? "a line needs its noise stream" : Noise.Validate();
    }
}
