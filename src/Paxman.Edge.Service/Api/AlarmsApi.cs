using System.Text.Json.Serialization;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary><c>/api/alarms/*</c> (README, "External interfaces"): a nurse acknowledges an alarm, or pauses its sound.</summary>
internal static class AlarmsApi
{
    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/alarms/audio-pause", PauseAudioAsync);
        endpoints.MapPost("/api/alarms/{alarmId}/ack", AcknowledgeAsync);
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

    private sealed record AckResponse(string AlarmId, bool Acknowledged, bool AlreadyAcknowledged);

    private sealed record AudioPauseResponse([property: JsonConverter(typeof(UtcStamp))] DateTimeOffset AudioPausedUntil);
}
