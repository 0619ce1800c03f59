using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Simulation;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Engine.Tests.Safety;

/// <summary>Every alarm change leaves the engine as an event (for MQTT and the journal), acknowledgements included.</summary>
public sealed class AlarmEventTests : TestEnvironment
{
    [Fact]
    public void Raised_acknowledged_and_cleared_each_leave_the_engine_once_in_order()
    {
        using var unit = new UnitUnderTest(LoggerFactory);
        unit.RunUntilReady();
        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, true));
        unit.Run(TimeSpan.FromSeconds(5));
        unit.AcknowledgeAll();
        unit.Unit.Apply(new FaultChange(SimulatedFault.LowCoolant, false));
        unit.Run(TimeSpan.FromSeconds(5));

        var changes = unit.AlarmChanges.Where(c => c.Occurrence.Code == "reservoir-low").Select(c => c.State).ToList();
        Assert.Equal([AlarmOccurrenceState.Raised, AlarmOccurrenceState.Acknowledged, AlarmOccurrenceState.Cleared], changes);
    }
}
