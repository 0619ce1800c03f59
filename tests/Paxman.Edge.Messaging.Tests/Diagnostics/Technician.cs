using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace Paxman.Edge.Messaging.Tests.Diagnostics;

/// <summary>A technician's MQTT 5 tool: publishes requests with a ResponseTopic and CorrelationData and keeps every answer.</summary>
internal sealed class Technician : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<MqttApplicationMessage> _answers = new();

    private Technician(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _answers.Enqueue(args.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<MqttApplicationMessage> Answers => [.. _answers];

    public static async Task<Technician> ConnectAsync(int port, params string[] listenOn)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var technician = new Technician(client);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("tech-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        var result = await client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        foreach (var filter in listenOn)
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        return technician;
    }

    /// <summary>Publishes a request; its correlation data is returned.</summary>
    public async Task<byte[]> SendAsync(string requestTopic, byte[] payload, string? responseTopic, string? requester = "tech-7")
    {
        var correlation = Guid.NewGuid().ToByteArray();
        var builder = new MqttApplicationMessageBuilder().WithTopic(requestTopic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithCorrelationData(correlation);
        if (responseTopic is not null)
        {
            builder.WithResponseTopic(responseTopic);
        }

        if (requester is not null)
        {
            builder.WithUserProperty(DiagnosticsResponder.RequesterProperty, Encoding.UTF8.GetBytes(requester).AsMemory());
        }

        await _client.PublishAsync(builder.Build());
        return correlation;
    }

    public Task<byte[]> SendAsync(string requestTopic, string payload, string? responseTopic, string? requester = "tech-7") =>
        SendAsync(requestTopic, Encoding.UTF8.GetBytes(payload), responseTopic, requester);

    /// <summary>Waits for the answer carrying <paramref name="correlation"/> and parses it.</summary>
    public async Task<(MqttApplicationMessage Message, JsonElement Body)> AnswerToAsync(byte[] correlation, TimeSpan wait)
    {
        MqttApplicationMessage? found = null;
        await Paxman.Edge.TestKit.Eventually.TrueAsync(
            () => (found = _answers.FirstOrDefault(a => !a.Topic.EndsWith("/diag/request", StringComparison.Ordinal) && a.CorrelationData is { } c && c.SequenceEqual(correlation))) is not null, wait, "the answer");
        return (found!, JsonDocument.Parse(found!.Payload).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }
}
