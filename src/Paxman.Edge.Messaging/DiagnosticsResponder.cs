using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Paxman.Edge.Messaging;

/// <summary>
/// The technicians' interface (README, "Diagnostics for technicians"): MQTT 5 request/response on <c>.../diag/request</c>.
/// A request is a JSON object with a <c>command</c>; the answer goes to the request's ResponseTopic, which must lie under
/// the unit's own <c>.../diag/response/</c>, with its CorrelationData, as <c>{"ok":true,...}</c> or
/// <c>{"ok":false,"code":...,"error":...}</c>. Every request is answered (malformed JSON, an unknown command or a payload
/// over <see cref="MaxPayloadBytes"/> with an error, changing nothing) and logged with its requester (the
/// <c>requester</c> user property) and what was asked; one whose ResponseTopic lies elsewhere is refused, unanswered,
/// and logged. Requests are queued off MQTTnet's receive loop and answered one at a time.
/// </summary>
public sealed partial class DiagnosticsResponder : BackgroundService
{
    /// <summary>The largest request payload read: 64 KiB.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>The user property naming who asks (a technician's id or tool), logged with every request.</summary>
    public const string RequesterProperty = "requester";

    private const int QueueLength = 64;
    private const int MaxRequesterLength = 64;

    private readonly MqttConnection _connection;
    private readonly IDiagnostics _diagnostics;
    private readonly ILogger<DiagnosticsResponder> _logger;
    private readonly Channel<MqttApplicationMessage> _requests =
        Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public DiagnosticsResponder(MqttConnection connection, IDiagnostics diagnostics, ILogger<DiagnosticsResponder> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _diagnostics = diagnostics;
        _logger = logger;
        connection.Subscribe(connection.Topics.DiagRequest);
        connection.MessageReceived += message =>
        {
            if (message.Topic == connection.Topics.DiagRequest && !_requests.Writer.TryWrite(message))
            {
                // Too many queued: still answered, at once and off the receive loop.
                _ = AnswerAsync(message, DiagnosticsReply.Failure($"the unit has {QueueLength} requests queued; ask again shortly", DiagnosticsErrors.Unavailable),
                    CancellationToken.None);
            }
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                await AnswerAsync(request, null, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Who asked: the <c>requester</c> user property (printable, at most 64 characters), or <c>unknown</c>.</summary>
    public static string RequesterOf(MqttApplicationMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.UserProperties?.FirstOrDefault(p => p.Name == RequesterProperty)?.ReadValueAsString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return DiagnosticsRequest.UnknownRequester;
        }

        var printable = new string([.. value.Where(c => !char.IsControl(c)).Take(MaxRequesterLength)]);
        return printable.Length == 0 ? DiagnosticsRequest.UnknownRequester : printable;
    }

    private async Task AnswerAsync(MqttApplicationMessage request, DiagnosticsReply? answer, CancellationToken cancellationToken)
    {
        var requester = RequesterOf(request);
        var responseTopic = request.ResponseTopic;
        if (!IsOwnResponseTopic(responseTopic))
        {
            // Refused: an answer anywhere else could spoof another topic of this unit or reach another unit's tools.
            LogNoResponseTopic(_logger, requester, Shorten(responseTopic), _connection.Topics.DiagResponsePrefix);
            return;
        }

        var (command, reply) = answer is null ? await HandleAsync(request, requester, cancellationToken) : ("unknown", answer);
        LogRequest(_logger, command, requester, reply.Ok ? "ok" : reply.Code ?? DiagnosticsErrors.Refused);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(responseTopic)
            .WithPayload(Encode(command, reply))
            .WithContentType("application/json")
            .WithCorrelationData(request.CorrelationData)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        if (await _connection.TryPublishAsync(message, cancellationToken) is not { IsSuccess: true })
        {
            LogNotAnswered(_logger, responseTopic!);
        }
    }

    private bool IsOwnResponseTopic(string? topic)
    {
        var prefix = _connection.Topics.DiagResponsePrefix;
        return !string.IsNullOrEmpty(topic) && topic.StartsWith(prefix, StringComparison.Ordinal) && topic.Length > prefix.Length
            && topic.IndexOfAny(['+', '#', '\0']) < 0;
    }

    // The command as logged and echoed: a known command's name, else "unknown" (the text sent is not logged).
    private async Task<(string Command, DiagnosticsReply Reply)> HandleAsync(MqttApplicationMessage request, string requester, CancellationToken cancellationToken)
    {
        const string Unknown = "unknown";
        if (request.Payload.Length > MaxPayloadBytes)
        {
            return (Unknown, DiagnosticsReply.Failure($"the request is larger than {MaxPayloadBytes} bytes (64 KiB); nothing was done", DiagnosticsErrors.TooLarge));
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(request.Payload);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (Unknown, DiagnosticsReply.Failure("the request is not valid JSON; send an object such as {\"command\":\"status\"}", DiagnosticsErrors.MalformedJson));
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String)
        {
            return (Unknown, DiagnosticsReply.Failure($"give a \"command\": one of {string.Join(", ", _diagnostics.Commands)}", DiagnosticsErrors.BadRequest));
        }

        var name = command.GetString()!;
        if (!_diagnostics.Commands.Contains(name))
        {
            return (Unknown, DiagnosticsReply.Failure($"unknown command; use one of {string.Join(", ", _diagnostics.Commands)}", DiagnosticsErrors.UnknownCommand));
        }

        try
        {
            return (name, await _diagnostics.HandleAsync(new DiagnosticsRequest(name, body, requester), cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(_logger, name, ex);
            return (name, DiagnosticsReply.Failure($"the unit could not carry out '{name}' ({ex.GetType().Name}); nothing was changed", DiagnosticsErrors.Unavailable));
        }
    }

    private static byte[] Encode(string command, DiagnosticsReply reply)
    {
        var json = reply.Result is null ? new JsonObject() : JsonSerializer.SerializeToNode(reply.Result, reply.Result.GetType(), JsonSerializerOptions.Web)!.AsObject();
        json.Insert(0, "ok", reply.Ok);
        json.Insert(1, "command", command);
        if (!reply.Ok)
        {
            json["code"] = reply.Code ?? DiagnosticsErrors.Refused;
            json["error"] = reply.Error;
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static string Shorten(string? topic) => topic is null ? "(none)" : topic.Length <= 120 ? topic : topic[..120] + "...";

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A diagnostics request from {Requester} with ResponseTopic '{ResponseTopic}', not under {Prefix}, cannot be answered; refused")]
    private static partial void LogNoResponseTopic(ILogger logger, string requester, string responseTopic, string prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostics request '{Command}' from {Requester}: {Outcome}")]
    private static partial void LogRequest(ILogger logger, string command, string requester, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "The diagnostics request '{Command}' failed")]
    private static partial void LogFailed(ILogger logger, string command, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to a diagnostics request could not be delivered to {Topic}")]
    private static partial void LogNotAnswered(ILogger logger, string topic);
}
