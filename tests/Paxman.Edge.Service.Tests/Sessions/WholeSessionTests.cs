using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Paxman.Edge.Service.Tests.Journal;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Sessions;

/// <summary>A whole treatment session through the HTTP API of the service as a real process, on accelerated device time.</summary>
public sealed class WholeSessionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Session_OpenedCooledAndLeftToComplete_RecordBillsThePrescribedPostcoolAndTheJournalVerifies()
    {
        using var folder = new TempFolder("paxman-session");
        string published;
        string sessionId;
        await using (var service = ServiceProcess.Start(["--Simulator:TimeScale=1000"], workingDirectory: folder.Path))
        {
            await service.WaitUntilReadyAsync();
            var opened = await ApiCall.PostAsync(service, "/api/channels/A/sessions", ApiCall.NewSession(
                extra: ",\"initialFitting\":true,\"postCoolMinutes\":30,\"overrideReason\":\"prescriber-order\""));
            Assert.Equal(HttpStatusCode.Created, opened.Status);
            sessionId = opened.Json.GetProperty("sessionId").GetString()!;
            Assert.Equal($"/api/sessions/{sessionId}", opened.Location?.OriginalString);
            Assert.Equal(30, opened.Json.GetProperty("preCoolMinutes").GetInt32());
            Assert.Equal(30, opened.Json.GetProperty("postCoolMinutes").GetInt32());

            Assert.Equal(HttpStatusCode.OK, (await ApiCall.PostAsync(service, "/api/sim/channels/A/cap", "{\"connected\":true}")).Status);
            await Eventually.TrueAsync(async () => (await ApiCall.StatusAsync(service)).GetProperty("ready").GetBoolean()
                && ApiCall.Channel(await ApiCall.StatusAsync(service), "A").GetProperty("capConnected").GetBoolean(), Wait, "ready, cap A connected");

            await ActAsync(service, "precool", "{\"operatorId\":\"N-7\"}", "precool");
            await ActAsync(service, "infusion-start", null, "infusion");
            await ActAsync(service, "infusion-end", string.Empty, "postcool");

            JsonElement record = default;
            await Eventually.TrueAsync(async () =>
            {
                var call = await ApiCall.GetAsync(service, $"/api/sessions/{sessionId}");
                record = call.Json.GetProperty("record");
                return record.GetProperty("outcome").ValueKind == JsonValueKind.String;
            }, Wait, "the post-cool countdown completes the session by itself");

            Assert.Equal("completed", record.GetProperty("outcome").GetString());
            Assert.Equal(1800, record.GetProperty("prescribed").GetProperty("postcoolSeconds").GetInt64());
            Assert.Equal(1200, record.GetProperty("regimenDefault").GetProperty("postcoolSeconds").GetInt64());
            Assert.Equal("prescriber-order", record.GetProperty("overrideReason").GetString());
            Assert.Equal(1800, record.GetProperty("billableSeconds").GetProperty("postcool").GetInt64());
            Assert.Equal(["precool", "infusion", "postcool"], record.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()));
            Assert.Equal(["97007:1", "97008:1", "97009:1"],
                record.GetProperty("billing").EnumerateArray().Select(l => $"{l.GetProperty("code").GetString()}:{l.GetProperty("units").GetInt32()}"));
            Assert.Matches("^[0-9a-f]{64}$", record.GetProperty("hash").GetString());
            Assert.Equal(new string('0', 64), record.GetProperty("prevHash").GetString());
            Assert.Equal("done", ApiCall.Channel(await ApiCall.StatusAsync(service), "A").GetProperty("state").GetString());

            published = (await ApiCall.GetAsync(service, $"/api/sessions/{sessionId}")).Body;
            Assert.Equal(0, await service.StopAsync());
        }

        // Served exactly as stored: the record's bytes in the answer are the journal's text.
        var data = Path.Combine(folder.Path, "data");
        Assert.StartsWith("{\"record\":" + StoredJson(data, sessionId) + ",\"delivered\":", published, StringComparison.Ordinal);

        var (exit, output) = await VerifyJournal.RunAsync("--path", data);
        Assert.Equal(0, exit);
        Assert.Contains("journal intact", output, StringComparison.Ordinal);
        Assert.Contains("1 record and", output, StringComparison.Ordinal);
    }

    private static async Task ActAsync(ServiceProcess service, string action, string? body, string state)
    {
        var call = await ApiCall.PostAsync(service, $"/api/channels/A/session/{action}", body);
        Assert.True(call.Status == HttpStatusCode.OK, $"{action}: {call.Status} {call.Body}");
        Assert.Equal(state, call.Json.GetProperty("state").GetString());
        Assert.Equal("A", call.Json.GetProperty("channel").GetString());
    }

    private static string StoredJson(string data, string sessionId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(data, "journal.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM records WHERE session_id = $id";
        command.Parameters.AddWithValue("$id", sessionId);
        return (string)command.ExecuteScalar()!;
    }
}
