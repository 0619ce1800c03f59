using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Benchmarks;

/// <summary>
/// `delivery [records] [rounds]`: against a local Mosquitto with a billing consumer subscribed,
/// (1) the records outbox draining a backlog of N records (journal on disk, marks durable) against a bare MQTTnet QoS 1
/// publish loop of the same payloads on a plain client, alternately, median records/s and their ratio (target ≥ 0.5);
/// (2) end of session to PUBACK: a record appended to the journal (as the engine's tick does when a session ends) and
/// the outbox loop told, until its PUBACK Success comes back, one at a time: p50 and p99 (target p99 ≤ 200 ms).
/// </summary>
internal static class DeliveryScenario
{
    private const string UnitId = "PX-BENCH-0001";

    public static async Task<int> RunAsync(int records, int rounds)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var received = 0L;
        using var consumer = await Client(broker.Port, "billing");
        consumer.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await consumer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"paxman/v1/{UnitId}/sessions/+", MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var outbox = new List<double>();
        var bare = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            bare.Add(await BareLoopAsync(broker.Port, records));
            outbox.Add(await OutboxDrainAsync(broker.Port, records));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: bare {bare[^1]:F0} records/s, outbox {outbox[^1]:F0} records/s"));
        }

        var medianOutbox = Median(outbox);
        var medianBare = Median(bare);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backlog drain of {records} records: outbox median {medianOutbox:F0} records/s, bare MQTTnet QoS 1 loop {medianBare:F0} records/s, ratio {medianOutbox / medianBare:F2} (target >= 0.5)"));

        var latencies = await EndToPubackAsync(broker.Port, 200);
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"end of session to PUBACK over {latencies.Count} records: p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms (target p99 <= 200 ms)"));
        Console.WriteLine($"consumer received {Interlocked.Read(ref received)} messages");
        return 0;
    }

    private static async Task<double> BareLoopAsync(int port, int records)
    {
        var payloads = Payloads(records);
        using var client = await Client(port, "bare-" + Guid.NewGuid().ToString("N")[..6]);
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < records; i++)
        {
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"paxman/v1/{UnitId}/sessions/{payloads[i].Id}")
                .WithPayload(payloads[i].Json).WithContentType("application/json").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            if (result.ReasonCode != MqttClientPublishReasonCode.Success)
            {
                throw new InvalidOperationException($"bare publish: {result.ReasonCode}");
            }
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        return records / seconds;
    }

    private static async Task<double> OutboxDrainAsync(int port, int records)
    {
        var folder = Directory.CreateTempSubdirectory("paxman-drain-").FullName;
        try
        {
            using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
            Fill(journal, Payloads(records));
            using var connection = await ConnectAsync(port);
            var outbox = new RecordsOutbox(journal, connection.Topics, new MqttTransport(connection), TimeProvider.System, Random.Shared, _ => { }, NullLogger.Instance);
            var started = TimeProvider.System.GetTimestamp();
            var state = await outbox.DrainAsync(CancellationToken.None);
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            if (state != OutboxState.Idle || outbox.Delivered != records || journal.PendingRecordBacklog().Count != 0)
            {
                throw new InvalidOperationException($"drain ended {state} with {outbox.Delivered} delivered");
            }

            await connection.StopAsync(CancellationToken.None);
            return records / seconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<double>> EndToPubackAsync(int port, int samples)
    {
        var folder = Directory.CreateTempSubdirectory("paxman-latency-").FullName;
        try
        {
            using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
            using var connection = await ConnectAsync(port);
            var acks = new ConcurrentDictionary<string, long>();
            var transport = new TimedTransport(new MqttTransport(connection), acks);
            var loop = new Loop(new RecordsOutbox(journal, connection.Topics, transport, TimeProvider.System, Random.Shared, _ => { }, NullLogger.Instance),
                connection, journal);
            await loop.StartAsync(CancellationToken.None);
            var payloads = Payloads(samples);
            var head = journal.Contents.ChainHead;
            var latencies = new List<double>(samples);
            foreach (var (id, json) in payloads)
            {
                var record = Seal(id, json, ref head);
                var appended = TimeProvider.System.GetTimestamp();
                loop.Notify(journal.Append(record));
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!acks.ContainsKey(id))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"no PUBACK for {id}");
                    }

                    await Task.Yield();
                }

                latencies.Add(TimeProvider.System.GetElapsedTime(appended, acks[id]).TotalMilliseconds);
                await Task.Delay(20);
            }

            await loop.StopAsync(CancellationToken.None);
            await connection.StopAsync(CancellationToken.None);
            return latencies;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<MqttConnection> ConnectAsync(int port)
    {
        var connection = new MqttConnection(Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = port }),
            new UnitIdentity(UnitId, "bench", Simulated: true, DateTimeOffset.UtcNow), TimeProvider.System, NullLogger<MqttConnection>.Instance);
        await connection.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!connection.IsConnected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("not connected");
            }

            await Task.Delay(10);
        }

        return connection;
    }

    private static async Task<IMqttClient> Client(int port, string id)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(id)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        return client;
    }

    // Record-sized payloads (about 1.5 kB, as a real record) with their session ids.
    private static List<(string Id, string Json)> Payloads(int count)
    {
        var list = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid().ToString();
            list.Add((id, new JsonObject { ["schema"] = "paxman.session/1", ["sessionId"] = id, ["note"] = new string('x', 1400) }.ToJsonString()));
        }

        return list;
    }

    private static void Fill(SqliteJournal journal, List<(string Id, string Json)> payloads)
    {
        var head = journal.Contents.ChainHead;
        foreach (var (id, json) in payloads)
        {
            journal.Append(Seal(id, json, ref head));
        }

        journal.Flush();
    }

    private static RecordWrite Seal(string id, string json, ref string head)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json + head)));
        var record = new RecordWrite(id, "A", DateTimeOffset.UtcNow, json, hash, head);
        head = hash;
        return record;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class Loop(RecordsOutbox outbox, MqttConnection connection, IJournal journal)
        : OutboxLoop<StoredRecord>(outbox, connection, journal, TimeProvider.System, NullLogger.Instance);

    private sealed class TimedTransport(IMessageTransport inner, ConcurrentDictionary<string, long> acks) : IMessageTransport
    {
        public bool IsConnected => inner.IsConnected;

        public async ValueTask<PublishOutcome> PublishAsync(TransportMessage message, CancellationToken cancellationToken)
        {
            var outcome = await inner.PublishAsync(message, cancellationToken);
            if (outcome == PublishOutcome.Delivered)
            {
                acks[message.Topic[(message.Topic.LastIndexOf('/') + 1)..]] = TimeProvider.System.GetTimestamp();
            }

            return outcome;
        }
    }
}
