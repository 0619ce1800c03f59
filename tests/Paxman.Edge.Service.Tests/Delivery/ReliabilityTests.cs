using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Storage;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Delivery;

/// <summary>
/// Delivery as a whole against a real Mosquitto and the service as a real process (README, "The connection manager",
/// reliability): a whole two-channel day with the broker down and then up, and the service SIGKILLed while 1,000
/// records are queued behind NoMatchingSubscribers. Consumers dedupe on sessionId; duplicates before the dedupe are
/// counted and reported.
/// </summary>
public sealed class ReliabilityTests
{
    private const string UnitId = "PX-SIM-0001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WholeTwoChannelDay_BrokerDown_EveryRecordDeliveredInOrderOnceItIsUp()
    {
        using var folder = new TempFolder("paxman-day-down");
        var journal = Path.Combine(folder.Path, "data");

        // The shipped 4.5-hour day, with the broker away from power-on to the end.
        var day = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "simulator", "scenarios", "day-two-channels.json"), TestContext.Current.CancellationToken))!;
        var steps = day["steps"]!.AsArray();
        foreach (var step in steps.Where(s => s!["do"]!.GetValue<string>() is "broker-down" or "broker-up").ToList())
        {
            steps.Remove(step);
        }

        steps.Insert(1, new JsonObject { ["at"] = "00:00:00", ["do"] = "broker-down" });
        var scenario = Path.Combine(folder.Path, "day-down.json");
        await File.WriteAllTextAsync(scenario, day.ToJsonString(), TestContext.Current.CancellationToken);
        await using (var run = ChildProcess.Start("dotnet", [RepoPaths.SimulatorDll, "run-scenario", scenario, "--journal", journal]))
        {
            Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            Assert.DoesNotContain(run.Lines, l => l.StartsWith("{\"type\":\"record\"", StringComparison.Ordinal));
        }

        var queued = Pending(journal);
        Assert.Equal(4, queued.Count);

        await using var broker = await MosquittoBroker.StartAsync();
        await using var billing = await MosquittoClients.SubscribeAsync(broker.Port, "paxman/v1/+/sessions/+");
        await using var service = ServiceProcess.Start([$"--Mqtt:Broker=127.0.0.1", $"--Mqtt:Port={broker.Port}", $"--Storage:Path={journal}", $"--Unit:Id={UnitId}"],
            mqttPort: broker.Port);
        await service.WaitUntilBrokerConnectedAsync();

        var delivered = await DeliveredAsync(billing, queued.Count);
        Assert.Equal(queued.Select(r => r.SessionId), delivered.Unique.Select(m => m.SessionId));
        Assert.Equal(queued.Select(r => r.Json), delivered.Unique.Select(m => m.Payload));
        Report("whole day down", delivered);
        await Eventually.TrueAsync(async () => (await StatusAsync(service)).GetProperty("broker").GetProperty("backlog").GetInt32() == 0, Wait, "backlog 0");
        var status = await StatusAsync(service);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("broker").GetProperty("oldestUndeliveredAt").ValueKind);
        foreach (var record in queued)
        {
            var stored = await service.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{record.SessionId}", TestContext.Current.CancellationToken);
            Assert.True(stored.GetProperty("delivered").GetBoolean());
        }

        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task Killed_With1000RecordsQueued_WillSaysOffline_AndAllAreDeliveredAfterTheRestart()
    {
        using var folder = new TempFolder("paxman-kill-queued");
        var journal = Path.Combine(folder.Path, "data");
        var written = Fill(journal, 1000);
        await using var broker = await MosquittoBroker.StartAsync();
        string[] arguments = [$"--Mqtt:Broker=127.0.0.1", $"--Mqtt:Port={broker.Port}", $"--Storage:Path={journal}", $"--Unit:Id={UnitId}"];
        var statusTopic = $"paxman/v1/{UnitId}/status";

        await using (var first = ServiceProcess.Start(arguments, mqttPort: broker.Port))
        {
            var status = await first.WaitUntilBrokerConnectedAsync();
            Assert.Equal(1000, status.GetProperty("broker").GetProperty("backlog").GetInt32());
            Assert.Equal("2026-01-05T09:01:00.000Z", status.GetProperty("broker").GetProperty("oldestUndeliveredAt").GetString());
            Assert.Contains("\"online\":true", await MosquittoClients.ReadRetainedAsync(broker.Port, statusTopic, Wait), StringComparison.Ordinal);

            // No billing consumer: NoMatchingSubscribers holds the head; nothing is marked delivered.
            await first.Process.WaitForLineAsync(l => l.Contains("The broker held records entry", StringComparison.Ordinal), Wait);
            Assert.Equal(1000, (await StatusAsync(first)).GetProperty("broker").GetProperty("backlog").GetInt32());

            first.Process.KillHard();
            Assert.NotEqual(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        // The broker saw the connection die and published the Will.
        await Eventually.TrueAsync(async () => (await MosquittoClients.ReadRetainedAsync(broker.Port, statusTopic, Wait)).Contains("\"online\":false", StringComparison.Ordinal),
            Wait, "the Will's offline status");
        Assert.Equal(1000, Pending(journal).Count);

        await using var billing = await MosquittoClients.SubscribeAsync(broker.Port, "paxman/v1/+/sessions/+");
        await using var second = ServiceProcess.Start(arguments, mqttPort: broker.Port);
        await second.WaitUntilBrokerConnectedAsync();
        var delivered = await DeliveredAsync(billing, 1000);
        Assert.Equal(written.Select(r => r.SessionId), delivered.Unique.Select(m => m.SessionId));
        Assert.Equal(written.Select(r => r.Json), delivered.Unique.Select(m => m.Payload));
        Report("killed while queued", delivered);
        await Eventually.TrueAsync(async () => (await StatusAsync(second)).GetProperty("broker").GetProperty("backlog").GetInt32() == 0, Wait, "backlog 0");
        Assert.Equal(0, await second.StopAsync());
    }

    private static async Task<JsonElement> StatusAsync(ServiceProcess service) =>
        await service.Http.GetFromJsonAsync<JsonElement>("/api/status", TestContext.Current.CancellationToken);

    private static List<StoredRecord> Pending(string folder)
    {
        using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
        return [.. journal.PendingRecords(10_000)];
    }

    // A journal holding `count` sealed, undelivered records that chain one to the next.
    private static List<RecordWrite> Fill(string folder, int count)
    {
        using var journal = SqliteJournal.Open(folder, TimeProvider.System, NullLogger<SqliteJournal>.Instance);
        var head = journal.Contents.ChainHead;
        var written = new List<RecordWrite>(count);
        var t0 = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= count; i++)
        {
            var endedAt = t0.AddMinutes(i);
            var body = new JsonObject
            {
                ["schema"] = "paxman.session/1",
                ["sessionId"] = $"s-{i:D5}",
                ["channel"] = i % 2 == 0 ? "B" : "A",
                ["endedAt"] = endedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["note"] = new string('x', 1200),
                ["prevHash"] = head,
            };
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));
            body["hash"] = hash;
            var record = new RecordWrite($"s-{i:D5}", i % 2 == 0 ? "B" : "A", endedAt, body.ToJsonString(), hash, head);
            journal.Append(record);
            written.Add(record);
            head = hash;
        }

        journal.Flush();
        return written;
    }

    private static async Task<Delivery> DeliveredAsync(ChildProcess billing, int expected)
    {
        await Eventually.TrueAsync(() => Messages(billing).Select(m => m.SessionId).Distinct().Count() >= expected, Wait, $"{expected} distinct records");
        var all = Messages(billing);
        var unique = all.GroupBy(m => m.SessionId).Select(g => g.First()).ToList();
        Assert.Equal(expected, unique.Count);
        return new Delivery(all.Count, unique);
    }

    private static List<(string SessionId, string Payload)> Messages(ChildProcess billing) =>
        [.. billing.Lines.Where(l => l.StartsWith("paxman/v1/", StringComparison.Ordinal)).Select(l =>
        {
            var space = l.IndexOf(' ', StringComparison.Ordinal);
            var topic = l[..space];
            return (topic[(topic.LastIndexOf('/') + 1)..], l[(space + 1)..]);
        })];

    private static void Report(string what, Delivery delivery) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {delivery.Received} received, {delivery.Unique.Count} distinct, {delivery.Received - delivery.Unique.Count} duplicates before dedupe");

    private sealed record Delivery(int Received, List<(string SessionId, string Payload)> Unique);
}
