using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Paxman.Edge.Messaging.Tests.Support;

/// <summary>A billing consumer or monitor: an MQTTnet client that subscribes at QoS 1 and keeps every message it gets, in order.</summary>
public sealed class Consumer : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained)> _received = new();

    private Consumer(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _received.Enqueue((args.ApplicationMessage.Topic, Encoding.UTF8.GetString(args.ApplicationMessage.Payload), args.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Received => [.. _received];

    public IEnumerable<(string Topic, string Payload, bool Retained)> On(string topicStart) => Received.Where(m => m.Topic.StartsWith(topicStart, StringComparison.Ordinal));

    public static async Task<Consumer> ConnectAsync(int port, string clientId, params string[] filters)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var consumer = new Consumer(client);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"consumer refused: {result.ResultCode}");
        }

        foreach (var filter in filters)
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker went first.
            }
        }

        _client.Dispose();
    }
}
