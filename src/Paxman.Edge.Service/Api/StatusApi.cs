using System.Text.Json;
using Microsoft.Extensions.Options;
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
        {
            var options = json.Value.SerializerOptions;
            var status = JsonSerializer.SerializeToNode(engine.State, options)!.AsObject();
            status["serviceMode"] = JsonSerializer.SerializeToNode(ServiceModeApi.StateOf(serviceMode), options);
            return TypedResults.Json(status, options);
        });

        // Any other API path answers problem+json, not the touchscreen's page.
        endpoints.Map("/api/{**path}", (string? path) => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"There is no API endpoint at /api/{path}."));
        return endpoints;
    }
}
