using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Paxman.Edge.Core;
using Paxman.Edge.Engine.Diagnostics;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// <c>POST /api/service-mode</c> (README, "Service mode"): <c>{"pin":"..."}</c> switches service mode on for 30 minutes
/// (<c>200 {on, until}</c>); a wrong PIN is <c>403</c>; after 5 wrong PINs within 5 minutes every PIN is <c>429</c> with
/// <c>Retry-After</c>; <c>{"on":false}</c> ends it. The PIN is never logged nor echoed.
/// </summary>
internal static class ServiceModeApi
{
    private static readonly string[] Fields = ["pin", "on"];

    public static IEndpointRouteBuilder MapServiceModeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/service-mode", SwitchAsync);
        return endpoints;
    }

    /// <summary>What <c>/api/status</c> shows of service mode.</summary>
    public static ServiceModeState StateOf(ServiceMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var until = mode.Until;
        return new ServiceModeState(until is not null, until);
    }

    private static async Task<IResult> SwitchAsync(HttpRequest request, HttpResponse response, ServiceMode mode)
    {
        var (body, problem) = await ApiProblems.ReadObjectAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        if (ApiProblems.UnknownMember(body, Fields, "service mode") is { } unknown)
        {
            return ApiProblems.BadRequest(unknown);
        }

        var on = ApiProblems.Optional(body, "on");
        var pin = ApiProblems.Optional(body, "pin");
        if (on is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) })
        {
            return ApiProblems.BadRequest("\"on\" must be true or false.");
        }

        if (on is { ValueKind: JsonValueKind.False })
        {
            mode.End();
            return TypedResults.Ok(new ServiceModeState(On: false, Until: null));
        }

        if (pin is not { ValueKind: JsonValueKind.String } || pin.Value.GetString() is not { Length: > 0 } text)
        {
            return ApiProblems.BadRequest("Send {\"pin\":\"...\"} with the technician PIN to switch service mode on, or {\"on\":false} to end it.");
        }

        var answer = mode.Enter(text);
        switch (answer.Outcome)
        {
            case ServiceModeOutcome.On:
                return TypedResults.Ok(new ServiceModeState(On: true, answer.Until));
            case ServiceModeOutcome.WrongPin:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong PIN",
                    detail: answer.TriesLeft > 0
                        ? $"That is not the technician PIN; service mode stays off. {answer.TriesLeft} more {(answer.TriesLeft == 1 ? "try" : "tries")} before the unit stops accepting PINs for {ServiceMode.WrongPinWindow.TotalMinutes:0} minutes."
                        : $"That is not the technician PIN; service mode stays off. The unit now accepts no PIN for {ServiceMode.WrongPinWindow.TotalMinutes:0} minutes.");
            case ServiceModeOutcome.RateLimited:
                var seconds = Math.Max(1, (int)Math.Ceiling(answer.RetryAfter.TotalSeconds));
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong PINs",
                    detail: $"Too many wrong PINs: the unit accepts no PIN for now. Try again in {seconds} seconds with the right technician PIN.");
            default:
                return ApiProblems.Conflict(
                    "Service mode is not set up on this unit: no technician PIN is installed. A technician must install its hash (Technician:PinHashFile) and restart the unit.");
        }
    }

    /// <summary><c>{on, until}</c>: whether service mode is on, and when it ends by itself (null while off).</summary>
    internal sealed record ServiceModeState(bool On, [property: JsonConverter(typeof(UtcStamp))] DateTimeOffset? Until);
}
