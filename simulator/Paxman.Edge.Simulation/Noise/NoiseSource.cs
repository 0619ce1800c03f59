namespace Paxman.Edge.Simulation.Noise;

/// <summary>
/// One seeded source of uniform random numbers whose state can be saved and restored, so that a simulated unit
/// carried across a restart of its host goes on with exactly the noise it would have had.
/// </summary>
/// <remarks>
/// Knuth's subtractive generator (The Art of Computer Programming, vol. 2, 3.6), seeded as .NET's
/// <c>new Random(seed)</c> seeds it: for the same seed <see cref="NextDouble"/> returns the same sequence as
/// <see cref="Random.NextDouble"/>, so traces recorded before this type existed are unchanged
/// (NoiseSourceTests holds that). Not thread-safe.
/// </remarks>
public sealed class NoiseSource
{
    /// <summary>Entries of the generator's table; entry 0 is unused, as in Knuth's formulation.</summary>
    public const int TableLength = 56;

    private const int Modulus = int.MaxValue;
    private const int SeedBase = 161803398;
    private const int Lag = 21;

    private readonly int[] _table = new int[TableLength];
    private int _next;
    private int _nextP;

    /// <summary>A source seeded with <paramref name="seed"/>.</summary>
    public NoiseSource(int seed)
    {
        var subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        var mj = SeedBase - subtraction;
        _table[55] = mj;
        var mk = 1;
        var ii = 0;
        for (var i = 1; i < 55; i++)
        {
            ii = (ii + Lag) % 55;
            _table[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += Modulus;
            }

            mj = _table[ii];
        }

        // Four rounds of mixing warm the table up.
        for (var round = 0; round < 4; round++)
        {
            for (var i = 1; i < TableLength; i++)
            {
                var j = 1 + ((i + 30) % 55);
                _table[i] = unchecked(_table[i] - _table[j]);
                if (_table[i] < 0)
                {
                    _table[i] += Modulus;
                }
            }
        }

        _next = 0;
        _nextP = Lag;
    }

    private NoiseSource(NoiseSourceState state)
    {
        for (var i = 0; i < TableLength; i++)
        {
            _table[i] = state.Table[i];
        }

        _next = state.Next;
        _nextP = state.NextP;
    }

    /// <summary>A source that goes on from a saved <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state is not one this generator can be in.</exception>
    public static NoiseSource Restore(NoiseSourceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(state));
        }

        return new NoiseSource(state);
    }

    /// <summary>A uniform number in [0, 1).</summary>
    public double NextDouble()
    {
        var next = _next + 1 >= TableLength ? 1 : _next + 1;
        var nextP = _nextP + 1 >= TableLength ? 1 : _nextP + 1;
        var value = unchecked(_table[next] - _table[nextP]);
        if (value == Modulus)
        {
            value--;
        }

        if (value < 0)
        {
            value += Modulus;
        }

        _table[next] = value;
        _next = next;
        _nextP = nextP;
        return value * (1.0 / Modulus);
    }

    /// <summary>The source's state now; <see cref="Restore"/> goes on from it.</summary>
    public NoiseSourceState Capture() => new() { Table = [.. _table], Next = _next, NextP = _nextP };
}
