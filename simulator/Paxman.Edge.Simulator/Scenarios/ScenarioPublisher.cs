using System.Text;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Messaging;

namespace Paxman.Edge.Simulator.Scenarios;

/// <summary>
/// What the unit publishes, read from each tick's output (engine thread): every sealed record on
/// <c>.../sessions/{sessionId}</c> as its exact text, every alarm change on <c>.../alarms</c> (README of the simulator, "Scenario runner"), through
/// an <see cref="IMessageTransport"/>.
/// </summary>
internal sealed class ScenarioPublisher(MqttTopics topics, IMessageTransport transport)
{
    /// <summary>Subscribe to <c>TickEngine.TickCompleted</c>.</summary>
    public void OnTick(TickOutput produced)
    {
        var records = produced.Records;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            transport.Publish(new TransportMessage($"{topics.Root}/sessions/{record.Record.SessionId}", Encoding.UTF8.GetBytes(record.Json)));
        }

        var changes = produced.AlarmChanges;
        for (var i = 0; i < changes.Count; i++)
        {
            var message = AlarmMessage.From(changes[i], historical: !transport.IsConnected);
            transport.Publish(new TransportMessage(topics.Alarms, message.Encode()));
        }
    }
}
