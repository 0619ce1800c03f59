using System.Text.Json;

namespace Paxman.Edge.Messaging;

/// <summary>A technician's request, read from <c>.../diag/request</c>.</summary>
/// <param name="Command">What is asked, for example <c>autotune-start</c>.</param>
/// <param name="Body">The whole request object, for its arguments.</param>
public sealed record DiagnosticsRequest(string Command, JsonElement Body);

/// <summary>The answer: <c>{"ok":true,...result}</c> or <c>{"ok":false,"error":"..."}</c>.</summary>
public sealed record DiagnosticsReply(bool Ok, string? Error, object? Result)
{
    public static DiagnosticsReply Success(object? result = null) => new(true, null, result);

    public static DiagnosticsReply Failure(string error) => new(false, error, null);
}

/// <summary>Answers technicians' requests; implemented by the engine's composition root.</summary>
public interface IDiagnostics
{
    /// <summary>The commands it knows, for the answer to an unknown one.</summary>
    IReadOnlyList<string> Commands { get; }

    Task<DiagnosticsReply> HandleAsync(DiagnosticsRequest request, CancellationToken cancellationToken);
}
