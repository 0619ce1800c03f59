using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace Paxman.Edge.Benchmarks.Fleet;

/// <summary>
/// An idempotent billing consumer (README, "A fleet on a clustered broker"): <c>members</c> MQTTnet clients in the share
/// group <c>billing</c> on <see cref="SharedFilter"/>, QoS 1, persistent sessions, deduping on the record's
/// <c>sessionId</c>. Each member acknowledges a record once it has been counted.
/// </summary>
internal sealed class BillingConsumer : IAsyncDisposable
{
    public const string SharedFilter = "$share/billing/paxman/v1/+/sessions/+";

    private readonly List<IMqttClient> _members = [];
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private long _messages;
    private long _unreadable;

    private BillingConsumer()
    {
    }

    /// <summary>Record messages received, duplicates included.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Distinct session ids received (after dedupe).</summary>
    public int Unique => _seen.Count;

    /// <summary>Messages whose session id was already seen (before dedupe).</summary>
    public long Duplicates => Messages - Unique - Unreadable;

    /// <summary>Messages without a readable <c>sessionId</c>.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    public IReadOnlyCollection<string> SessionIds => (IReadOnlyCollection<string>)_seen.Keys;

    /// <summary>Records each member received (how the share group spread them).</summary>
    public IReadOnlyList<long> PerMember => _perMember.ToArray();

    private long[] _perMember = [];

    public static async Task<BillingConsumer> StartAsync(int port, int members)
    {
        var consumer = new BillingConsumer { _perMember = new long[members] };
        for (var i = 0; i < members; i++)
        {
            var member = i;
            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += args =>
            {
                consumer.Take(member, args.ApplicationMessage);
                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"billing-{i + 1}")
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCleanStart(false).WithSessionExpiryInterval(3600).Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(SharedFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            consumer._members.Add(client);
        }

        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _members)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }

            client.Dispose();
        }
    }

    private void Take(int member, MqttApplicationMessage message)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Increment(ref _perMember[member]);
        string? id = null;
        try
        {
            using var json = JsonDocument.Parse(message.Payload);
            if (json.RootElement.TryGetProperty("sessionId", out var value) && value.ValueKind == JsonValueKind.String)
            {
                id = value.GetString();
            }
        }
        catch (JsonException)
        {
            // Counted below as unreadable.
        }

        if (string.IsNullOrEmpty(id))
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        _seen.AddOrUpdate(id, 1, (_, n) => n + 1);
    }
}

/// <summary>A plain subscriber counting what the fleet publishes besides records: status, telemetry, channel states.</summary>
internal sealed class FleetWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private long _status;
    private long _telemetry;
    private long _channels;

    private FleetWatcher(IMqttClient client) => _client = client;

    public long Status => Interlocked.Read(ref _status);

    public long Telemetry => Interlocked.Read(ref _telemetry);

    public long Channels => Interlocked.Read(ref _channels);

    public static async Task<FleetWatcher> StartAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var watcher = new FleetWatcher(client);
        client.ApplicationMessageReceivedAsync += args =>
        {
            var topic = args.ApplicationMessage.Topic;
            if (topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref watcher._telemetry);
            }
            else if (topic.EndsWith("/status", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref watcher._status);
            }
            else if (topic.Contains("/channels/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref watcher._channels);
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("fleet-watcher")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("paxman/v1/+/telemetry", MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter("paxman/v1/+/status", MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter("paxman/v1/+/channels/+", MqttQualityOfServiceLevel.AtMostOnce)
            .Build());
        return watcher;
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
