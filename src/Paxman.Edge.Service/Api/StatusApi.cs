using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary>Read-only endpoints over the engine's published state (README, "External interfaces").</summary>
internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        // The state is built by the engine once per tick; serving it never touches the engine's thread.
        endpoints.MapGet("/api/status", (TickEngine engine) => TypedResults.Ok(engine.State));

        // Any other API path answers problem+json, not the touchscreen's page.
        endpoints.Map("/api/{**path}", (string? path) => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"There is no API endpoint at /api/{path}."));
        return endpoints;
    }
}
