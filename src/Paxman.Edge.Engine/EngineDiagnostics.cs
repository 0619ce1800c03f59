using System.Text.Json;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Messaging;

namespace Paxman.Edge.Engine;

/// <summary>
/// What a technician can ask over MQTT (<c>.../diag/request</c>): the engine's health and the coolant loop's relay
/// autotune. Every request runs on the engine's thread through its queue.
/// </summary>
public sealed class EngineDiagnostics : IDiagnostics
{
    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(3);
    private readonly TickEngine _engine;

    public EngineDiagnostics(TickEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    public IReadOnlyList<string> Commands { get; } = ["status", "autotune-start", "autotune-status", "autotune-cancel"];

    public async Task<DiagnosticsReply> HandleAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Command switch
            {
                "status" => await OnEngine(Status, cancellationToken),
                "autotune-start" => TryDelta(request.Body, out var delta, out var problem)
                    ? await OnEngine(() => _engine.StartAutotune(delta) is { } refused
                        ? DiagnosticsReply.Failure($"autotune refused: {refused}")
                        : DiagnosticsReply.Success(new { autotune = "running", deltaC = delta }), cancellationToken)
                    : DiagnosticsReply.Failure(problem),
                "autotune-status" => await OnEngine(AutotuneStatus, cancellationToken),
                "autotune-cancel" => await OnEngine(() =>
                {
                    var running = _engine.Control.Autotune is not null;
                    _engine.Control.CancelAutotune();
                    return DiagnosticsReply.Success(new { cancelled = running });
                }, cancellationToken),
                _ => DiagnosticsReply.Failure($"unknown command '{request.Command}'"),
            };
        }
        catch (TimeoutException)
        {
            return DiagnosticsReply.Failure("the engine did not answer in time; it may be stopping");
        }
    }

    private DiagnosticsReply Status()
    {
        var state = _engine.State;
        var pid = (_engine.Control.Law as PidCompressorLaw)?.Pid;
        return DiagnosticsReply.Success(new
        {
            engine = state.Engine,
            safeState = _engine.Safety.InSafeState,
            ready = _engine.Control.Ready,
            commandedCompressorPct = (int)_engine.Control.CommandedCompressorPct,
            compressorStarts = _engine.Control.CompressorStarts,
            gains = pid is null ? null : new { kp = pid.Kp, ki = pid.Ki, kd = pid.Kd },
            alarms = state.Alarms?.Count ?? 0,
        });
    }

    private DiagnosticsReply AutotuneStatus()
    {
        var control = _engine.Control;
        return DiagnosticsReply.Success(new
        {
            autotune = control.Autotune is { } running ? "running" : control.LastAutotune is null ? "idle" : "done",
            peaks = control.Autotune?.Peaks,
            result = control.LastAutotune,
        });
    }

    private async Task<DiagnosticsReply> OnEngine(Func<DiagnosticsReply> action, CancellationToken cancellationToken) =>
        await _engine.PostAsync(action).WaitAsync(EngineWait, cancellationToken);

    private static bool TryDelta(JsonElement body, out double delta, out string problem)
    {
        delta = 0.5;
        problem = string.Empty;
        if (!body.TryGetProperty("deltaC", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out delta) || delta is < 0.2 or > 2)
        {
            problem = "deltaC must be a number from 0.2 to 2 (C above the setpoint where the relay turns)";
            return false;
        }

        return true;
    }
}
