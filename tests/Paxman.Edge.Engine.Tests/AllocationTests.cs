using Paxman.Edge.Core;
using Paxman.Edge.Engine.Tests.Safety;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests;

/// <summary>The engine's steady-state tick allocates nothing, so the GC never pauses the control loop for it.</summary>
public sealed class AllocationTests : TestEnvironment
{
    [Fact]
    public void A_steady_state_tick_with_two_sessions_cooling_allocates_nothing_between_checkpoints()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.StartCooling(CapChannel.A);
        unit.StartCooling(CapChannel.B);
        unit.Run(TimeSpan.FromMinutes(30));
        // Every tick allocates nothing but those that journal (a checkpoint of each session every 10 s of device time).
        var journaling = 0;
        for (var i = 0; i < 1000; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            unit.Rig.Tick();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (unit.Engine.Produced.JournalWrites.Count > 0)
            {
                journaling++;
                continue;
            }

            Assert.Equal(0, allocated);
        }

        Assert.InRange(journaling, 10, 21);
        Assert.Empty(unit.Engine.Safety.Alarms.Open);
        Assert.True(unit.Engine.Output.ValveA && unit.Engine.Output.ValveB);
    }
}
