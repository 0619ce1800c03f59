using System.Net;
using System.Text.Json;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Service.Tests.Sessions;

/// <summary>
/// Every refusal of the session endpoints against one running service: its status, problem+json with a detail a
/// nurse can act on, and nothing changed (both channels and the session list are as before).
/// </summary>
public sealed class SessionRefusalTests(ColdUnitFixture unit) : IClassFixture<ColdUnitFixture>
{
    private static readonly string LongRef = new('x', 65);

    public static TheoryData<string, string, string?, int, string> Refusals => new()
    {
        // What, path, body, status, a fragment of the detail.
        { "precool before the coolant is ready", "/api/channels/B/session/precool", null, 409, "coolant is not ready" },
        { "a second session on a busy channel", "/api/channels/B/sessions", ApiCall.NewSession(), 409, "already has a session in prepared" },
        { "infusion-start in prepared", "/api/channels/B/session/infusion-start", "{}", 409, "only possible in precool" },
        { "abort with free text", "/api/channels/B/session/abort", "{\"reason\":\"she felt cold\"}", 400, "one of patient-request" },
        { "abort with no reason", "/api/channels/B/session/abort", null, 400, "Give \"reason\"" },
        { "an action with no session", "/api/channels/A/session/precool", null, 409, "no running session on channel A" },
        { "an unknown regimen", "/api/channels/A/sessions", ApiCall.NewSession(regimen: "cisplatin"), 400, "Choose a regimen: default, docetaxel, paclitaxel" },
        { "an override without a reason", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"postCoolMinutes\":45"), 400, "give overrideReason" },
        { "an override out of range", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"postCoolMinutes\":181,\"overrideReason\":\"other\""), 400, "15 to 180" },
        { "a pre-cool override out of range", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"preCoolMinutes\":4,\"overrideReason\":\"other\""), 400, "5 to 60" },
        { "an unknown override reason", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"postCoolMinutes\":45,\"overrideReason\":\"because\""), 400, "overrideReason must be one of" },
        { "an over-long patientRef", "/api/channels/A/sessions", ApiCall.NewSession(patientRef: LongRef), 400, "too long: at most 64" },
        { "an over-long operatorId", "/api/channels/A/sessions", ApiCall.NewSession(operatorId: LongRef), 400, "operatorId is too long" },
        { "a missing patientRef", "/api/channels/A/sessions", "{\"operatorId\":\"N-7\",\"regimen\":\"docetaxel\"}", 400, "patientRef is missing" },
        { "a missing operatorId", "/api/channels/A/sessions", "{\"patientRef\":\"P-1\",\"regimen\":\"docetaxel\"}", 400, "operatorId is missing" },
        { "minutes as text", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"preCoolMinutes\":\"30\""), 400, "\"preCoolMinutes\" must be a number of minutes without quotes" },
        { "fractional minutes", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"postCoolMinutes\":45.5,\"overrideReason\":\"other\""), 400, "whole minutes" },
        { "a flag as text", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"thickHair\":\"yes\""), 400, "\"thickHair\" must be true or false" },
        { "a patientRef as a number", "/api/channels/A/sessions", "{\"patientRef\":12345,\"operatorId\":\"N-7\",\"regimen\":\"docetaxel\"}", 400, "\"patientRef\" must be text" },
        { "a misspelt field", "/api/channels/A/sessions", ApiCall.NewSession(extra: ",\"postcoolMinutes\":45"), 400, "\"postcoolMinutes\" is not a field of a new session" },
        { "a body that is not JSON", "/api/channels/A/sessions", "patientRef=P-1", 400, "not valid JSON" },
        { "an action body that is not an object", "/api/channels/B/session/precool", "[]", 400, "must be a JSON object" },
        { "an action's over-long operatorId", "/api/channels/B/session/precool", $"{{\"operatorId\":\"{LongRef}\"}}", 400, "operatorId is too long" },
        { "an unknown channel for a new session", "/api/channels/C/sessions", ApiCall.NewSession(), 404, "channels A and B" },
        { "an unknown channel for an action", "/api/channels/C/session/precool", null, 404, "channels A and B" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Request_Refused_AnswersProblemJsonAndChangesNothing(string what, string path, string? body, int status, string detail)
    {
        var before = await SnapshotAsync();

        var call = await ApiCall.PostAsync(unit.Service, path, body);

        Assert.True(status == (int)call.Status, $"{what}: {call.Status} {call.Body}");
        Assert.Equal("application/problem+json", call.MediaType);
        Assert.Contains(detail, call.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(LongRef, call.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task SessionsList_RecordsAndRunningSessions_NewestFirstWithoutPatientReferences()
    {
        var opened = await ApiCall.PostAsync(unit.Service, "/api/channels/A/sessions", ApiCall.NewSession(patientRef: "P-SECRET-42", regimen: "paclitaxel"));
        Assert.Equal(HttpStatusCode.Created, opened.Status);
        var id = opened.Json.GetProperty("sessionId").GetString()!;
        var aborted = await ApiCall.PostAsync(unit.Service, "/api/channels/A/session/abort", "{\"reason\":\"patient-request\",\"operatorId\":\"N-9\"}");
        Assert.Equal(HttpStatusCode.OK, aborted.Status);
        Assert.Equal("done", aborted.Json.GetProperty("state").GetString());
        Assert.Equal("aborted", aborted.Json.GetProperty("outcome").GetString());

        var list = await ApiCall.GetAsync(unit.Service, "/api/sessions");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain("patientRef", list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("P-SECRET-42", list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("P-FIXTURE-B", list.Body, StringComparison.Ordinal);
        var sessions = list.Json.GetProperty("sessions").EnumerateArray().ToList();
        var running = Assert.Single(sessions, s => s.GetProperty("sessionId").GetString() == unit.SessionB);
        Assert.True(running.GetProperty("running").GetBoolean());
        Assert.Equal("prepared", running.GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("outcome").ValueKind);
        Assert.Equal(JsonValueKind.Null, running.GetProperty("endedAt").ValueKind);
        var ended = Assert.Single(sessions, s => s.GetProperty("sessionId").GetString() == id);
        Assert.False(ended.GetProperty("running").GetBoolean());
        Assert.Equal("A", ended.GetProperty("channel").GetString());
        Assert.Equal("aborted", ended.GetProperty("outcome").GetString());
        Assert.Equal("patient-request", ended.GetProperty("abortReason").GetString());
        Assert.Equal("paclitaxel", ended.GetProperty("regimen").GetString());
        Assert.Equal(0, ended.GetProperty("billing").GetArrayLength());
        Assert.Equal(JsonValueKind.String, ended.GetProperty("endedAt").ValueKind);
        Assert.Contains(ended.GetProperty("delivered").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });

        // Newest first: running sessions, then records by end time, latest first.
        var runningFlags = sessions.Select(s => s.GetProperty("running").GetBoolean()).ToList();
        Assert.Equal(runningFlags.OrderByDescending(r => r), runningFlags);
        var ends = sessions.Where(s => !s.GetProperty("running").GetBoolean()).Select(s => s.GetProperty("endedAt").GetString()!).ToList();
        Assert.Equal(ends.OrderDescending(StringComparer.Ordinal), ends);

        var one = await ApiCall.GetAsync(unit.Service, "/api/sessions?limit=1");
        Assert.Equal(sessions[0].GetProperty("sessionId").GetString(), Assert.Single(one.Json.GetProperty("sessions").EnumerateArray()).GetProperty("sessionId").GetString());

        var future = await ApiCall.GetAsync(unit.Service, "/api/sessions?since=2099-01-01T00:00:00Z");
        Assert.All(future.Json.GetProperty("sessions").EnumerateArray(), s => Assert.True(s.GetProperty("running").GetBoolean()));
        var past = await ApiCall.GetAsync(unit.Service, "/api/sessions?since=2000-01-01T00:00:00.000Z&limit=200");
        Assert.Contains(past.Json.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("sessionId").GetString() == id);
    }

    [Theory]
    [InlineData("limit=0", "limit must be one whole number from 1 to 200")]
    [InlineData("limit=201", "limit must be one whole number from 1 to 200")]
    [InlineData("limit=ten", "limit must be one whole number from 1 to 200")]
    [InlineData("limit=5&limit=6", "limit must be one whole number")]
    [InlineData("since=yesterday", "since must be one UTC time in ISO 8601")]
    [InlineData("since=2026-01-05T13:00:00", "since must be one UTC time in ISO 8601")]
    [InlineData("since=2026-13-05T13:00:00Z", "since must be one UTC time in ISO 8601")]
    public async Task SessionsList_BadQuery_Answers400(string query, string detail)
    {
        var call = await ApiCall.GetAsync(unit.Service, "/api/sessions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Equal("application/problem+json", call.MediaType);
        Assert.Contains(detail, call.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionRecord_RunningSession_IsTheRecordSoFarWithoutOutcomeOrHash()
    {
        var call = await ApiCall.GetAsync(unit.Service, $"/api/sessions/{unit.SessionB}");

        Assert.Equal(HttpStatusCode.OK, call.Status);
        Assert.Equal("application/json", call.MediaType);
        var record = call.Json.GetProperty("record");
        Assert.Equal(unit.SessionB, record.GetProperty("sessionId").GetString());
        Assert.Equal("P-FIXTURE-B", record.GetProperty("patientRef").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("outcome").ValueKind);
        Assert.False(record.TryGetProperty("hash", out _));
        Assert.Equal(1800, record.GetProperty("prescribed").GetProperty("precoolSeconds").GetInt64());
        Assert.Equal(1200, record.GetProperty("prescribed").GetProperty("postcoolSeconds").GetInt64());
        Assert.False(call.Json.GetProperty("delivered").GetBoolean());
    }

    [Fact]
    public async Task SessionRecord_UnknownSession_Answers404()
    {
        var call = await ApiCall.GetAsync(unit.Service, "/api/sessions/no-such-session");

        Assert.Equal(HttpStatusCode.NotFound, call.Status);
        Assert.Equal("application/problem+json", call.MediaType);
        Assert.Contains("no session 'no-such-session'", call.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_EmptyBodyOrOperatorOnly_IsAcceptedForActionsWithoutRequiredFields()
    {
        // A refusal, not a 400: the empty body and the bare operatorId were read, and the engine answered on the state.
        var empty = await ApiCall.PostAsync(unit.Service, "/api/channels/B/session/infusion-end", string.Empty);
        var none = await ApiCall.PostAsync(unit.Service, "/api/channels/B/session/finish");
        var withOperator = await ApiCall.PostAsync(unit.Service, "/api/channels/B/session/resume", "{\"operatorId\":\"N-7\"}");

        Assert.Equal(HttpStatusCode.Conflict, empty.Status);
        Assert.Contains("only possible in infusion", empty.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, none.Status);
        Assert.Contains("only possible in postcool", none.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, withOperator.Status);
        Assert.Contains("not waiting for a resume", withOperator.Detail, StringComparison.Ordinal);
    }

    // Both channels' state and session, and every listed session with its phase and outcome.
    private async Task<string> SnapshotAsync()
    {
        var status = await ApiCall.StatusAsync(unit.Service);
        var channels = string.Join(';', status.GetProperty("channels").EnumerateArray().Select(c =>
            $"{c.GetProperty("channel").GetString()}={c.GetProperty("state").GetString()}/{(c.GetProperty("session").ValueKind == JsonValueKind.Object ? c.GetProperty("session").GetProperty("sessionId").GetString() : "-")}"));
        var list = await ApiCall.GetAsync(unit.Service, "/api/sessions?limit=200");
        var sessions = string.Join(';', list.Json.GetProperty("sessions").EnumerateArray().Select(s =>
            $"{s.GetProperty("sessionId").GetString()}:{s.GetProperty("phase").GetString()}:{s.GetProperty("outcome")}"));
        return channels + "|" + sessions;
    }
}
