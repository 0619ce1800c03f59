using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Paxman.Edge.Messaging;

/// <summary>
/// The technicians' interface (README, "External interfaces"): MQTT 5 request/response on <c>.../diag/request</c>. A request is
/// a JSON object with a <c>command</c>; the answer goes to the request's ResponseTopic, which must lie under
/// <c>.../diag/response/</c>, with its CorrelationData, as <c>{"ok":true,...}</c> or <c>{"ok":false,"error":...}</c>.
/// A request without a usable ResponseTopic cannot be answered and is dropped with a warning. Requests are queued
/// off MQTTnet's receive loop and answered one at a time.
/// </summary>
public sealed partial class DiagnosticsResponder : BackgroundService
{
    private const int MaxPayloadBytes = 4096;

    private readonly MqttConnection _connection;
    private readonly IDiagnostics _diagnostics;
    private readonly ILogger<DiagnosticsResponder> _logger;
    private readonly Channel<MqttApplicationMessage> _requests =
        Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public DiagnosticsResponder(MqttConnection connection, IDiagnostics diagnostics, ILogger<DiagnosticsResponder> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _diagnostics = diagnostics;
        _logger = logger;
        connection.Subscribe(connection.Topics.DiagRequest);
        connection.MessageReceived += message =>
        {
            if (message.Topic == connection.Topics.DiagRequest)
            {
                _requests.Writer.TryWrite(message);
            }
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                await AnswerAsync(request, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task AnswerAsync(MqttApplicationMessage request, CancellationToken cancellationToken)
    {
        var responseTopic = request.ResponseTopic;
        if (string.IsNullOrEmpty(responseTopic) || !responseTopic.StartsWith(_connection.Topics.DiagResponsePrefix, StringComparison.Ordinal)
            || responseTopic.Length == _connection.Topics.DiagResponsePrefix.Length || responseTopic.IndexOfAny(['+', '#']) >= 0)
        {
            LogNoResponseTopic(_logger, _connection.Topics.DiagResponsePrefix);
            return;
        }

        var reply = await HandleAsync(request, cancellationToken);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(responseTopic)
            .WithPayload(Encode(reply))
            .WithContentType("application/json")
            .WithCorrelationData(request.CorrelationData)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        if (await _connection.TryPublishAsync(message, cancellationToken) is not { IsSuccess: true })
        {
            LogNotAnswered(_logger, responseTopic);
        }
    }

    private async Task<DiagnosticsReply> HandleAsync(MqttApplicationMessage request, CancellationToken cancellationToken)
    {
        if (request.Payload.Length > MaxPayloadBytes)
        {
            return DiagnosticsReply.Failure($"the request is larger than {MaxPayloadBytes} bytes");
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(request.Payload);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return DiagnosticsReply.Failure("the request is not valid JSON; send an object such as {\"command\":\"status\"}");
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String)
        {
            return DiagnosticsReply.Failure($"give a \"command\": one of {string.Join(", ", _diagnostics.Commands)}");
        }

        var name = command.GetString()!;
        if (!_diagnostics.Commands.Contains(name))
        {
            return DiagnosticsReply.Failure($"unknown command '{name}'; use one of {string.Join(", ", _diagnostics.Commands)}");
        }

        return await _diagnostics.HandleAsync(new DiagnosticsRequest(name, body), cancellationToken);
    }

    private static byte[] Encode(DiagnosticsReply reply)
    {
        var json = reply.Result is null ? new JsonObject() : JsonSerializer.SerializeToNode(reply.Result, reply.Result.GetType(), JsonSerializerOptions.Web)!.AsObject();
        json.Insert(0, "ok", reply.Ok);
        if (reply.Error is not null)
        {
            json["error"] = reply.Error;
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A diagnostics request without a ResponseTopic under {Prefix} cannot be answered; dropped")]
    private static partial void LogNoResponseTopic(ILogger logger, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to a diagnostics request could not be delivered to {Topic}")]
    private static partial void LogNotAnswered(ILogger logger, string topic);
}
