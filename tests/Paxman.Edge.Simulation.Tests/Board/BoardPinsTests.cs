using Paxman.Edge.Core.Board;

namespace Paxman.Edge.Simulation.Tests.Board;

public sealed class BoardPinsTests
{
    [Fact]
    public void Every_line_is_used_once_and_is_either_an_input_or_an_output()
    {
        var all = BoardPins.Inputs.Concat(BoardPins.Outputs).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(12, all.Count);
    }

    [Fact]
    public void A_board_with_every_wire_broken_reads_as_the_safe_meaning()
    {
        var safe = BoardInputs.Safe;
        Assert.False(safe.CapA);
        Assert.False(safe.CapB);
        Assert.True(safe.StopPressed);
        Assert.True(safe.McuFault);
        Assert.False(BoardOutputs.Safe.CoolingEnable);
        Assert.Equal(Beacon.Red, BoardOutputs.Safe.Beacon);
    }
}
