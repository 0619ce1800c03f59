using System.Text.Json;

namespace Paxman.Edge.Messaging;

/// <summary>A technician's request, read from <c>.../diag/request</c>.</summary>
/// <param name="Command">What is asked, for example <c>autotune-start</c>.</param>
/// <param name="Body">The whole request object, for its arguments.</param>
/// <param name="Requester">Who asked: the request's <c>requester</c> user property, or <c>unknown</c>.</param>
public sealed record DiagnosticsRequest(string Command, JsonElement Body, string Requester = DiagnosticsRequest.UnknownRequester)
{
    /// <summary>The requester of a request without a <c>requester</c> user property.</summary>
    public const string UnknownRequester = "unknown";
}

/// <summary>
/// The answer: <c>{"ok":true,"command":...,...result}</c> or <c>{"ok":false,"command":...,"code":"...","error":"..."}</c>;
/// <see cref="Code"/> is one of <see cref="DiagnosticsErrors"/>, <see cref="Error"/> says what to do in words.
/// </summary>
public sealed record DiagnosticsReply(bool Ok, string? Error, object? Result, string? Code = null)
{
    public static DiagnosticsReply Success(object? result = null) => new(true, null, result);

    public static DiagnosticsReply Failure(string error, string code = DiagnosticsErrors.Refused) => new(false, error, null, code);
}

/// <summary>The typed errors of a diagnostics answer (<c>"code"</c>), stable for tools to act on.</summary>
public static class DiagnosticsErrors
{
    /// <summary>The payload is not JSON.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>JSON, but not an object with a text <c>command</c>.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>A command the unit does not know.</summary>
    public const string UnknownCommand = "unknown-command";

    /// <summary>The payload is larger than <see cref="DiagnosticsResponder.MaxPayloadBytes"/>.</summary>
    public const string TooLarge = "too-large";

    /// <summary>An argument is missing or out of range; the error says which and what to send.</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>A changing request without service mode on (<c>POST /api/service-mode</c> at the unit).</summary>
    public const string ServiceModeOff = "service-mode-off";

    /// <summary>A changing request while a channel has a session open.</summary>
    public const string NotIdle = "not-idle";

    /// <summary>The unit refused it for the reason given (for example an autotune away from the setpoint).</summary>
    public const string Refused = "refused";

    /// <summary>The unit cannot answer it now (engine not answering, journal unreadable, too many requests queued).</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>Answers technicians' requests; implemented by the engine's composition root.</summary>
public interface IDiagnostics
{
    /// <summary>The commands it knows, for the answer to an unknown one.</summary>
    IReadOnlyList<string> Commands { get; }

    Task<DiagnosticsReply> HandleAsync(DiagnosticsRequest request, CancellationToken cancellationToken);
}
