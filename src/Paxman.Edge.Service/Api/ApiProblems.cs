using System.Text.Json;

namespace Paxman.Edge.Service.Api;

/// <summary>Problem+json answers a person can act on, and a JSON body reader that refuses clearly.</summary>
internal static class ApiProblems
{
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(3);

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Request refused", detail: detail);

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unit not responding", detail: detail);

    /// <summary>Reads the body as one JSON object, or returns the problem to answer.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, BadRequest("The request body must be a JSON object."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, BadRequest("The request body is not valid JSON."));
        }
    }

    /// <summary>An optional property, null when absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Waits for the engine to apply a change it was handed; 503 if it does not within a few seconds.</summary>
    public static async Task<IResult?> AwaitEngineAsync(Task applied)
    {
        try
        {
            await applied.WaitAsync(EngineWait);
            return null;
        }
        catch (TimeoutException)
        {
            return Unavailable("The unit's engine did not apply the change in time; it may be stopping. Try again.");
        }
    }
}
