using System.Text.Json;
using Paxman.Edge.Core.Sessions;

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

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: detail);

    /// <summary>The engine's refusal of a nurse's action: 409 when the channel's state does not allow it, else 400.</summary>
    public static IResult Refused(SessionRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.IsConflict ? Conflict(refusal.Detail) : BadRequest(refusal.Detail);
    }

    /// <summary>
    /// 503 for an action that took effect on the unit but could not be journaled: the nurse must know both that the
    /// hardware already follows it and that it is not durably recorded.
    /// </summary>
    public static IResult JournalCannotWrite(string done) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Journal cannot write",
        detail: $"{done} The unit's journal cannot write, so this is not durably recorded; the unit has raised a high-priority alarm. Do not repeat the action; call a technician.");

    /// <summary>503 for a request the engine did not answer in time: it may or may not have been applied.</summary>
    public static IResult NoAnswer() => Unavailable(
        "The unit's engine did not answer in time; it may be stopping. The action may or may not have been applied: check the channel's state before trying again.");

    /// <summary>503 for a read that found the journal damaged or unreadable.</summary>
    public static IResult JournalUnreadable(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Journal cannot be read",
        detail: $"{what} Run verify-journal and call a technician.");

    /// <summary>
    /// Reads an optional body: nothing (or only whitespace) is an empty object; anything else must be one JSON object.
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadOptionalObjectAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            using var empty = JsonDocument.Parse("{}");
            return (empty.RootElement.Clone(), null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, BadRequest("The request body must be a JSON object, or empty."));
        }
        catch (JsonException)
        {
            return (default, BadRequest("The request body is not valid JSON."));
        }
    }

    /// <summary>Why <paramref name="body"/> is refused for a member not in <paramref name="known"/>; null when every member is known.</summary>
    /// <param name="request">The request, named to the person: "a new session", "this action".</param>
    public static string? UnknownMember(JsonElement body, IReadOnlyCollection<string> known, string request)
    {
        foreach (var member in body.EnumerateObject())
        {
            if (!known.Contains(member.Name))
            {
                return known.Count == 0
                    ? $"\"{member.Name}\" is not a field of {request}, which takes none; send an empty body."
                    : $"\"{member.Name}\" is not a field of {request}; the fields are {string.Join(", ", known)}. Check its spelling.";
            }
        }

        return null;
    }

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
