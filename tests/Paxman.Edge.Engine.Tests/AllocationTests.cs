using Paxman.Edge.Core;
using Paxman.Edge.Engine.Tests.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests;

/// <summary>The engine's steady-state tick allocates nothing, so the GC never pauses the control loop for it.</summary>
public sealed class AllocationTests : TestEnvironment
{
    [Fact]
    public void A_steady_state_tick_with_both_channels_cooled_allocates_nothing()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.Unit.SetCap(CapChannel.A, true);
        unit.Unit.SetCap(CapChannel.B, true);
        unit.Run(TimeSpan.FromMinutes(30));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            unit.Rig.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
    }
}
