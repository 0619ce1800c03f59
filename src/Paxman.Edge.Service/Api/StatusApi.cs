using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core.State;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Diagnostics;

namespace Paxman.Edge.Service.Api;

/// <summary>Read-only endpoints over the engine's published state (README, "External interfaces").</summary>
internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        // The state is built by the engine once per tick; serving it never touches the engine's thread. Service mode
        // (an addition to the contract's shape) is added after the engine's fields.
        endpoints.MapGet("/api/status", (TickEngine engine, ServiceMode serviceMode, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            TypedResults.Json(Build(engine.State, serviceMode, json.Value.SerializerOptions), json.Value.SerializerOptions));

        // Any other API path answers problem+json, not the touchscreen's page.
        endpoints.Map("/api/{**path}", (string? path) => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"There is no API endpoint at /api/{path}."));
        return endpoints;
    }

    /// <summary>The body of <c>/api/status</c> (also each <c>status</c> event of <c>/api/events</c>).</summary>
    public static JsonObject Build(UnitState state, ServiceMode serviceMode, JsonSerializerOptions options)
    {
        var status = JsonSerializer.SerializeToNode(state, options)!.AsObject();
        status["serviceMode"] = JsonSerializer.SerializeToNode(ServiceModeApi.StateOf(serviceMode), options);
        return status;
    }
}
