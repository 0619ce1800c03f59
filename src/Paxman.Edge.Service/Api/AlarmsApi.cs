using System.Text.Json.Serialization;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// <c>/api/alarms/*</c> (README, "External interfaces"): a nurse acknowledges an alarm, or pauses its sound; the service
/// screen reads the alarm history (an addition: the journal's alarm changes, newest first; they hold no patient data).
/// </summary>
internal static class AlarmsApi
{
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/alarms/audio-pause", PauseAudioAsync);
        endpoints.MapPost("/api/alarms/{alarmId}/ack", AcknowledgeAsync);
        endpoints.MapGet("/api/alarms/history", History);
        return endpoints;
    }

    private static async Task<IResult> AcknowledgeAsync(string alarmId, TickEngine engine)
    {
        var posted = engine.PostAsync(() => engine.Acknowledge(alarmId));
        if (await ApiProblems.AwaitEngineAsync(posted) is { } problem)
        {
            return problem;
        }

        return posted.Result switch
        {
            AckResult.NotFound => ApiProblems.NotFound(
                $"There is no open alarm '{alarmId}'; it may have cleared already. The open alarms are listed in /api/status."),
            var result => TypedResults.Ok(new AckResponse(alarmId, Acknowledged: true, AlreadyAcknowledged: result == AckResult.AlreadyAcknowledged)),
        };
    }

    private static async Task<IResult> PauseAudioAsync(TickEngine engine)
    {
        var posted = engine.PostAsync(engine.PauseAudio);
        return await ApiProblems.AwaitEngineAsync(posted) ?? TypedResults.Ok(new AudioPauseResponse(posted.Result));
    }

    private static IResult History(HttpRequest request, IJournal journal)
    {
        var limit = 50;
        if (request.Query.TryGetValue("limit", out var text)
            && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 200))
        {
            return ApiProblems.BadRequest($"limit must be a whole number from 1 to 200, not '{text}'.");
        }

        try
        {
            return TypedResults.Ok(new HistoryResponse([.. journal.ListAlarms(null, limit).Select(a => new HistoryItem(a.AlarmId, a.Code, a.Priority, a.State, a.Channel, a.At, a.Message))]));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidDataException or IOException)
        {
            return ApiProblems.JournalUnreadable("The alarm history cannot be read from the journal.");
        }
    }

    private sealed record HistoryResponse(IReadOnlyList<HistoryItem> Alarms);

    private sealed record HistoryItem(string AlarmId, string Code, string Priority, string State, string? Channel,
        [property: JsonConverter(typeof(UtcStamp))] DateTimeOffset At, string Message);

    private sealed record AckResponse(string AlarmId, bool Acknowledged, bool AlreadyAcknowledged);

    private sealed record AudioPauseResponse([property: JsonConverter(typeof(UtcStamp))] DateTimeOffset AudioPausedUntil);
}
