using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Privacy;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Configuration;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// The treatment sessions' endpoints (README, "External interfaces"): a nurse opens a session and moves it through
/// its phases; the touchscreen and billing read records. Every action goes through the engine's thread and is
/// answered only once its journal entry is durable; a refusal changes nothing and says what to do.
/// </summary>
internal static partial class SessionsApi
{
    /// <summary>The most entries <c>GET /api/sessions</c> returns, and how many by default.</summary>
    public const int MaxListLimit = 200;
    public const int DefaultListLimit = 50;

    private static readonly string[] OperatorOnly = ["operatorId"];
    private static readonly string[] AbortFields = ["reason", "operatorId"];

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/channels/{ch}/sessions", OpenAsync);
        Action(endpoints, "precool", SessionAction.Precool);
        Action(endpoints, "infusion-start", SessionAction.InfusionStart);
        Action(endpoints, "infusion-end", SessionAction.InfusionEnd);
        Action(endpoints, "finish", SessionAction.Finish);
        Action(endpoints, "resume", SessionAction.Resume);
        Action(endpoints, "abort", SessionAction.Abort);
        endpoints.MapGet("/api/sessions/{sessionId}", GetRecordAsync);
        endpoints.MapGet("/api/sessions", ListAsync);
        return endpoints;
    }

    private static void Action(IEndpointRouteBuilder endpoints, string name, SessionAction action) =>
        endpoints.MapPost($"/api/channels/{{ch}}/session/{name}",
            (string ch, HttpRequest request, TickEngine engine) => ActAsync(ch, name, action, request, engine));

    private static async Task<IResult> OpenAsync(string ch, HttpRequest request, TickEngine engine, EdgeSettings settings)
    {
        if (!CapChannels.TryParse(ch, out var channel))
        {
            return UnknownChannel(ch);
        }

        // Bench mode never treats a patient: nothing on the host backs the MCU (README, "Configuration").
        if (settings.Hardware.Bench)
        {
            return ApiProblems.Conflict(
                "This unit runs in bench mode (Hardware:Bench=true): the board and the safety probe are simulated, so no patient session can be opened. Treat patients only on a unit started without Hardware:Bench.");
        }

        var (body, problem) = await ApiProblems.ReadObjectAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        if (NewSessionBody.Read(body, out var invalid) is not { } newSession)
        {
            return ApiProblems.BadRequest(invalid!);
        }

        var call = await EngineCall<Opened>.RunAsync(engine, () =>
        {
            var (session, refusal) = engine.OpenSession(channel, newSession);
            return session is null
                ? new Opened(null, refusal)
                : new Opened(new OpenedSession(session.SessionId, session.PrescribedPrecoolSeconds / 60, session.PrescribedPostcoolSeconds / 60), null);
        });
        if (call.Result is not { } opened)
        {
            return ApiProblems.NoAnswer();
        }

        if (opened.Refusal is { } refused)
        {
            return ApiProblems.Refused(refused);
        }

        var answer = opened.Session!;
        return call.Status == EngineCallStatus.JournalCannotWrite
            ? ApiProblems.JournalCannotWrite($"Session {answer.SessionId} was opened on channel {channel.Name()}.")
            : TypedResults.Created($"/api/sessions/{answer.SessionId}", answer);
    }

    private static async Task<IResult> ActAsync(string ch, string name, SessionAction action, HttpRequest request, TickEngine engine)
    {
        if (!CapChannels.TryParse(ch, out var channel))
        {
            return UnknownChannel(ch);
        }

        var (body, problem) = await ApiProblems.ReadOptionalObjectAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var fields = action == SessionAction.Abort ? AbortFields : OperatorOnly;
        if (ApiProblems.UnknownMember(body, fields, $"'{name}'") is { } unknown)
        {
            return ApiProblems.BadRequest(unknown);
        }

        if (!OptionalText(body, "operatorId", out var operatorId, out var invalid) || !OptionalText(body, "reason", out var reason, out invalid))
        {
            return ApiProblems.BadRequest(invalid!);
        }

        if (operatorId is not null && PatientRefs.Validate(operatorId, "operatorId") is { } badOperator)
        {
            return ApiProblems.BadRequest(badOperator);
        }

        var call = await EngineCall<Acted>.RunAsync(engine, () =>
        {
            var refusal = engine.Act(channel, action, operatorId, reason);
            return new Acted(refusal, ChannelAnswer.Of(engine.Sessions[channel]));
        });
        if (call.Result is not { } acted)
        {
            return ApiProblems.NoAnswer();
        }

        if (acted.Refusal is { } refused)
        {
            return ApiProblems.Refused(refused);
        }

        return call.Status == EngineCallStatus.JournalCannotWrite
            ? ApiProblems.JournalCannotWrite($"'{name}' was carried out on channel {channel.Name()}, which is now {acted.Channel.State}: the cooling already follows it.")
            : TypedResults.Ok(acted.Channel);
    }

    // The final record is served exactly as stored (its published text, not serialised again), so its bytes, and so its
    // hash, match what billing receives; a running session's record so far comes from the engine.
    private static async Task<IResult> GetRecordAsync(string sessionId, TickEngine engine, IJournal journal)
    {
        if (Find(journal, sessionId, out var unreadable) is { } stored)
        {
            return RecordAnswer(stored.Json, stored.Delivered);
        }

        if (unreadable is not null)
        {
            return unreadable;
        }

        // A read: whether the journal can write does not change the answer, so a journal failure does not refuse it.
        var call = await EngineCall<RecordSoFar>.RunAsync(engine, () => new RecordSoFar(engine.RecordOf(sessionId)));
        if (call.Result is not { } soFar)
        {
            return ApiProblems.NoAnswer();
        }

        if (soFar.Record is null)
        {
            return ApiProblems.NotFound($"There is no session '{sessionId}' on this unit. Recent sessions are listed at /api/sessions.");
        }

        if (soFar.Record.Outcome is null)
        {
            return RecordAnswer(RecordJson.ToText(soFar.Record), delivered: false);
        }

        // It has ended: once the engine's answer came, its sealed record is durable (unless the journal cannot write).
        if (Find(journal, sessionId, out unreadable) is { } sealedNow)
        {
            return RecordAnswer(sealedNow.Json, sealedNow.Delivered);
        }

        return unreadable ?? ApiProblems.JournalUnreadable($"Session {sessionId} has ended but its record is not in the journal yet.");
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TickEngine engine, IJournal journal)
    {
        if (!ReadSince(request.Query, out var since, out var problem) || !ReadLimit(request.Query, out var limit, out problem))
        {
            return ApiProblems.BadRequest(problem!);
        }

        // The running sessions first: after the engine's answer every record sealed so far is durable, so a session
        // that ends meanwhile is found in the journal below (and listed once, as its record).
        var call = await EngineCall<RunningSessions>.RunAsync(engine, () =>
        {
            var running = new List<SessionListItem>(2);
            foreach (var channel in CapChannels.All)
            {
                if (engine.Sessions[channel].Session is { IsFinal: false } session && engine.RecordOf(session.SessionId) is { } record)
                {
                    running.Add(SessionListItem.Of(record, session.Phase.Name(), running: true, delivered: false));
                }
            }

            return new RunningSessions(running);
        });
        if (call.Result is not { } live)
        {
            return ApiProblems.NoAnswer();
        }

        List<SessionListItem> ended;
        try
        {
            ended = [.. journal.ListRecords(since, limit).Select(r => SessionListItem.Of(RecordJson.Parse(r.Json), "done", running: false, r.Delivered))];
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            return ApiProblems.JournalUnreadable($"The journal holds a record it cannot read ({ex.Message}).");
        }

        var endedIds = ended.Select(e => e.SessionId).ToHashSet(StringComparer.Ordinal);
        var sessions = live.Sessions
            .Where(s => !endedIds.Contains(s.SessionId))
            .OrderByDescending(s => s.StartedAt, StringComparer.Ordinal)
            .Concat(ended)
            .Take(limit)
            .ToList();
        return TypedResults.Ok(new SessionList(sessions));
    }

    private static StoredRecord? Find(IJournal journal, string sessionId, out IResult? unreadable)
    {
        unreadable = null;
        try
        {
            return journal.FindRecord(sessionId);
        }
        catch (InvalidDataException ex)
        {
            unreadable = ApiProblems.JournalUnreadable(ex.Message);
            return null;
        }
    }

    private static ContentHttpResult RecordAnswer(string recordJson, bool delivered) =>
        TypedResults.Text($"{{\"record\":{recordJson},\"delivered\":{(delivered ? "true" : "false")}}}", "application/json; charset=utf-8");

    private static bool ReadSince(IQueryCollection query, out DateTimeOffset? since, out string? problem)
    {
        since = null;
        problem = null;
        if (!query.TryGetValue("since", out var values))
        {
            return true;
        }

        if (values.Count != 1 || values[0] is not { } text || !UtcTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = "since must be one UTC time in ISO 8601, like 2026-01-05T13:00:00Z.";
            return false;
        }

        since = parsed;
        return true;
    }

    private static bool ReadLimit(IQueryCollection query, out int limit, out string? problem)
    {
        limit = DefaultListLimit;
        problem = null;
        if (!query.TryGetValue("limit", out var values))
        {
            return true;
        }

        if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit)
        {
            problem = $"limit must be one whole number from 1 to {MaxListLimit} (default {DefaultListLimit}).";
            return false;
        }

        return true;
    }

    private static bool OptionalText(JsonElement body, string name, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        if (ApiProblems.Optional(body, name) is not { } json)
        {
            return true;
        }

        if (json.ValueKind != JsonValueKind.String)
        {
            problem = $"\"{name}\" must be text in quotes.";
            return false;
        }

        value = json.GetString();
        return true;
    }

    private static IResult UnknownChannel(string ch) => ApiProblems.NotFound($"There is no channel '{ch}'; the unit has channels A and B.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$", RegexOptions.CultureInvariant)]
    private static partial Regex UtcTime();

    private sealed record OpenedSession(string SessionId, long PreCoolMinutes, long PostCoolMinutes);

    private sealed record Opened(OpenedSession? Session, SessionRefusal? Refusal);

    private sealed record Acted(SessionRefusal? Refusal, ChannelAnswer Channel);

    private sealed record RecordSoFar(SessionRecord? Record);

    private sealed record RunningSessions(IReadOnlyList<SessionListItem> Sessions);

    private sealed record SessionList(IReadOnlyList<SessionListItem> Sessions);
}
