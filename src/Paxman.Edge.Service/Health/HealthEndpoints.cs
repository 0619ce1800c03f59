using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Paxman.Edge.Service.Health;

/// <summary>
/// <c>GET /healthz</c> (alive: the control loop is ticking) and <c>GET /readyz</c> (coolant ready, MCU linked,
/// journal writable), with ASP.NET Core's health checks: <c>200</c> or <c>503</c>, and a JSON body that says, per
/// check, what is wrong (README, "Health").
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the alive check.</summary>
    public const string AliveTag = "alive";

    /// <summary>The tag of the readiness checks.</summary>
    public const string ReadyTag = "ready";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>Registers the checks (the engine and the clock come from the composition root).</summary>
    public static IServiceCollection AddEdgeHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<EngineTickingHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<EngineTickingHealthCheck>("engine", tags: [AliveTag])
            .AddCheck<CoolantReadyHealthCheck>("coolant", tags: [ReadyTag])
            .AddCheck<McuLinkedHealthCheck>("mcu", tags: [ReadyTag])
            .AddCheck<JournalWritableHealthCheck>("journal", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c>.</summary>
    public static IEndpointRouteBuilder MapEdgeHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", Options(AliveTag));
        endpoints.MapHealthChecks("/readyz", Options(ReadyTag));
        return endpoints;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
        // Degraded is not used; Unhealthy is 503 so that a supervisor or a load check reads the status alone.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    // {"status":"unhealthy","checks":{"coolant":{"status":"unhealthy","description":"...","data":{...}},...}}
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Into the response's pipe: Kestrel allows no synchronous writes to the body stream.
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("status", Name(report.Status));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", Name(entry.Status));
            writer.WriteString("description", entry.Description ?? entry.Exception?.Message);
            if (entry.Data.Count > 0)
            {
                writer.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    writer.WritePropertyName(key);
                    JsonSerializer.Serialize(writer, value, value.GetType());
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
