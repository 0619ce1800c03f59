using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paxman.Edge.Core;
using Paxman.Edge.TestKit;

namespace Paxman.Edge.Messaging.Tests.Diagnostics;

/// <summary>The technicians' request/response over a real Mosquitto: answers, typed errors, refused response topics, the log.</summary>
public sealed class DiagnosticsResponderTests : TestEnvironment
{
    private const string UnitId = "PX-DIAG-0001";
    private const string Request = $"paxman/v1/{UnitId}/diag/request";
    private const string Response = $"paxman/v1/{UnitId}/diag/response/tech-7";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_request_is_answered_on_its_response_topic_with_its_correlation_data_and_logged_with_its_requester()
    {
        await using var rig = await Rig.StartAsync(this);
        await using var tech = await Technician.ConnectAsync(rig.Broker.Port, $"paxman/v1/{UnitId}/diag/response/#");

        var correlation = await tech.SendAsync(Request, "{\"command\":\"echo\",\"n\":3}", Response);
        var (message, body) = await tech.AnswerToAsync(correlation, Wait);

        Assert.Equal(Response, message.Topic);
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal("echo", body.GetProperty("command").GetString());
        Assert.Equal(3, body.GetProperty("n").GetInt32());
        var asked = Assert.Single(rig.Diagnostics.Requests);
        Assert.Equal("tech-7", asked.Requester);
        Assert.Contains(Logs.Entries, e => e.Message == "Diagnostics request 'echo' from tech-7: ok");
    }

    [Fact]
    public async Task A_response_topic_outside_the_units_own_diag_response_is_refused_unanswered_and_logged()
    {
        await using var rig = await Rig.StartAsync(this);
        await using var tech = await Technician.ConnectAsync(rig.Broker.Port, "#");

        string[] elsewhere = [$"paxman/v1/{UnitId}/status", "paxman/v1/PX-OTHER-0002/diag/response/tech-7", $"paxman/v1/{UnitId}/diag/response/", $"paxman/v1/{UnitId}/diag/responses"];
        var refused = new List<byte[]>();
        foreach (var topic in elsewhere)
        {
            refused.Add(await tech.SendAsync(Request, "{\"command\":\"echo\"}", topic));
        }

        refused.Add(await tech.SendAsync(Request, "{\"command\":\"echo\"}", responseTopic: null));

        // Requests are answered in order: once this one is, the refused ones were handled before it.
        var good = await tech.SendAsync(Request, "{\"command\":\"echo\"}", Response);
        await tech.AnswerToAsync(good, Wait);

        Assert.DoesNotContain(tech.Answers, a => a.Topic != Request && a.CorrelationData is { } c && refused.Any(r => r.SequenceEqual(c)));
        Assert.Single(rig.Diagnostics.Requests);
        Assert.Equal(elsewhere.Length + 1, Logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("cannot be answered; refused", StringComparison.Ordinal)
            && e.Message.Contains("from tech-7", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Malformed_unknown_and_oversize_requests_get_typed_errors_and_reach_no_command()
    {
        await using var rig = await Rig.StartAsync(this);
        await using var tech = await Technician.ConnectAsync(rig.Broker.Port, $"paxman/v1/{UnitId}/diag/response/#");

        var oversize = Encoding.UTF8.GetBytes("{\"command\":\"echo\",\"pad\":\"" + new string('x', DiagnosticsResponder.MaxPayloadBytes) + "\"}");
        (byte[] Payload, string Code)[] cases =
        [
            ("status please"u8.ToArray(), DiagnosticsErrors.MalformedJson),
            ("{\"command\":"u8.ToArray(), DiagnosticsErrors.MalformedJson),
            ("[1,2]"u8.ToArray(), DiagnosticsErrors.BadRequest),
            ("{\"command\":7}"u8.ToArray(), DiagnosticsErrors.BadRequest),
            ("{\"command\":\"session-abort\",\"channel\":\"A\"}"u8.ToArray(), DiagnosticsErrors.UnknownCommand),
            (oversize, DiagnosticsErrors.TooLarge),
        ];

        foreach (var (payload, code) in cases)
        {
            var correlation = await tech.SendAsync(Request, payload, Response);
            var (_, body) = await tech.AnswerToAsync(correlation, Wait);
            Assert.False(body.GetProperty("ok").GetBoolean());
            Assert.Equal(code, body.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        }

        Assert.Empty(rig.Diagnostics.Requests);
        // What an unknown command said is not logged, only that it was unknown.
        Assert.DoesNotContain(Logs.Entries, e => e.Message.Contains("session-abort", StringComparison.Ordinal));
        Assert.Contains(Logs.Entries, e => e.Message == $"Diagnostics request 'unknown' from tech-7: {DiagnosticsErrors.UnknownCommand}");
    }

    [Fact]
    public async Task A_request_without_a_requester_property_is_logged_as_from_unknown_and_a_failing_command_still_answers()
    {
        ExpectError("The diagnostics request 'fail' failed");
        await using var rig = await Rig.StartAsync(this);
        await using var tech = await Technician.ConnectAsync(rig.Broker.Port, $"paxman/v1/{UnitId}/diag/response/#");

        var correlation = await tech.SendAsync(Request, "{\"command\":\"fail\"}", Response, requester: null);
        var (_, body) = await tech.AnswerToAsync(correlation, Wait);

        Assert.Equal(DiagnosticsErrors.Unavailable, body.GetProperty("code").GetString());
        Assert.Contains(Logs.Entries, e => e.Message == $"Diagnostics request 'fail' from unknown: {DiagnosticsErrors.Unavailable}");
    }

    private sealed class FakeDiagnostics : IDiagnostics
    {
        private readonly ConcurrentQueue<DiagnosticsRequest> _requests = new();

        public IReadOnlyList<DiagnosticsRequest> Requests => [.. _requests];

        public IReadOnlyList<string> Commands { get; } = ["echo", "fail"];

        public Task<DiagnosticsReply> HandleAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
        {
            _requests.Enqueue(request);
            if (request.Command == "fail")
            {
                throw new InvalidOperationException("broken on purpose");
            }

            var n = request.Body.TryGetProperty("n", out var value) ? value.GetInt32() : 0;
            return Task.FromResult(DiagnosticsReply.Success(new { n }));
        }
    }

    private sealed class Rig : IAsyncDisposable
    {
        private Rig(MosquittoBroker broker, MqttConnection connection, DiagnosticsResponder responder, FakeDiagnostics diagnostics)
        {
            Diagnostics = diagnostics;
            Broker = broker;
            Connection = connection;
            Responder = responder;
        }

        public MosquittoBroker Broker { get; }

        public MqttConnection Connection { get; }

        public DiagnosticsResponder Responder { get; }

        public FakeDiagnostics Diagnostics { get; }

        public static async Task<Rig> StartAsync(DiagnosticsResponderTests test)
        {
            var broker = await MosquittoBroker.StartAsync();
            var connection = new MqttConnection(
                Options.Create(new MqttOptions { Broker = "127.0.0.1", Port = broker.Port }),
                new UnitIdentity(UnitId, "9.9.9", Simulated: true, new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero)),
                TimeProvider.System,
                test.LoggerFor<MqttConnection>());
            var diagnostics = new FakeDiagnostics();
            var responder = new DiagnosticsResponder(connection, diagnostics, test.LoggerFor<DiagnosticsResponder>());
            var rig = new Rig(broker, connection, responder, diagnostics);
            await connection.StartAsync(CancellationToken.None);
            await responder.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => connection.IsConnected, Wait, "connected");
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Responder.StopAsync(CancellationToken.None);
            await Connection.StopAsync(CancellationToken.None);
            Responder.Dispose();
            Connection.Dispose();
            await Broker.DisposeAsync();
        }
    }
}
