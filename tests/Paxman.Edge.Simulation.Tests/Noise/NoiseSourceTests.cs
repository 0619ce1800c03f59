using Paxman.Edge.Simulation.Noise;

namespace Paxman.Edge.Simulation.Tests.Noise;

/// <summary>The saveable noise source gives .NET's seeded sequence and goes on exactly from a saved state.</summary>
public sealed class NoiseSourceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-5)]
    [InlineData(7920)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void NextDouble_SameSeed_IsSystemRandomsSequence(int seed)
    {
        var expected = new Random(seed);
        var source = new NoiseSource(seed);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(expected.NextDouble(), source.NextDouble());
        }
    }

    [Fact]
    public void Restore_FromCapture_GoesOnWithTheSameSequence()
    {
        var source = new NoiseSource(42);
        for (var i = 0; i < 777; i++)
        {
            source.NextDouble();
        }

        var copy = NoiseSource.Restore(source.Capture());

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(source.NextDouble(), copy.NextDouble());
        }
    }

    [Fact]
    public void Capture_IsACopy_NotALiveView()
    {
        var source = new NoiseSource(3);
        var state = source.Capture();
        var first = state.Table.ToArray();

        source.NextDouble();

        Assert.Equal(first, state.Table);
    }

    public static TheoryData<string, NoiseSourceState> Invalid => new()
    {
        { "56 entries", new NoiseSourceState { Table = [1, 2, 3], Next = 0, NextP = 21 } },
        { "indices are 0..55", new NoiseSourceState { Table = new int[56], Next = 56, NextP = 21 } },
        { "21 apart", new NoiseSourceState { Table = new int[56], Next = 3, NextP = 4 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Restore_InvalidState_Throws(string problem, NoiseSourceState state)
    {
        var e = Assert.Throws<ArgumentException>(() => NoiseSource.Restore(state));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
