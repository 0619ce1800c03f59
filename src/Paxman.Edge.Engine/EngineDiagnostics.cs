using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Records;
using Paxman.Edge.Core.Safety.Conditions;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Engine.Diagnostics;
using Paxman.Edge.Engine.Sensing;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Engine;

/// <summary>
/// What a technician can ask over MQTT (<c>.../diag/request</c>; README, "Diagnostics for technicians"). Read-only
/// requests answer at any time; the changing ones (<see cref="ChangingCommands"/>) are refused unless service mode is on
/// and every channel is idle (no session open), checked on the engine's thread in the tick that applies them. No request
/// can start, stop or change a treatment. Engine state is read on the engine's thread through its queue.
/// </summary>
public sealed partial class EngineDiagnostics : IDiagnostics
{
    /// <summary>Requests that change the unit: service mode and idle channels only.</summary>
    public static IReadOnlyList<string> ChangingCommands { get; } = ["autotune-start", "sensor-offset", "log-level", "mcu-clear-fault"];

    /// <summary>Requests that only read (<c>republish-since</c> sends stored records again; <c>autotune-cancel</c> only hands the coolant back to the PID).</summary>
    public static IReadOnlyList<string> ReadOnlyCommands { get; } =
        ["status", "config", "log-recent", "alarm-history", "link-stats", "mcu-identity", "sessions-since", "republish-since", "autotune-status", "autotune-cancel"];

    public const int MaxAlarmHistory = 1000;
    public const int MaxSessions = 200;
    public const int MaxRepublish = 500;

    private static readonly TimeSpan EngineWait = TimeSpan.FromSeconds(3);
    private readonly TickEngine _engine;
    private readonly DiagnosticsSources _sources;
    private readonly ILogger _logger;

    public EngineDiagnostics(TickEngine engine)
        : this(new DiagnosticsSources { Engine = engine })
    {
    }

    public EngineDiagnostics(DiagnosticsSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sources.Engine);
        _sources = sources;
        _engine = sources.Engine;
        _logger = sources.Logger ?? NullLogger.Instance;
    }

    public IReadOnlyList<string> Commands { get; } = [.. ReadOnlyCommands, .. ChangingCommands];

    public async Task<DiagnosticsReply> HandleAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return request.Command switch
            {
                "status" => await OnEngine(Status, cancellationToken),
                "config" => Config(),
                "log-recent" => LogRecent(request.Body),
                "alarm-history" => AlarmHistory(request.Body),
                "link-stats" => await OnEngine(LinkStats, cancellationToken),
                "mcu-identity" => await OnEngine(McuIdentity, cancellationToken),
                "sessions-since" => await SessionsSinceAsync(request.Body, cancellationToken),
                "republish-since" => await RepublishAsync(request, cancellationToken),
                "autotune-status" => await OnEngine(AutotuneStatus, cancellationToken),
                "autotune-cancel" => await OnEngine(() =>
                {
                    var running = _engine.Control.Autotune is not null;
                    _engine.Control.CancelAutotune();
                    return DiagnosticsReply.Success(new { cancelled = running });
                }, cancellationToken),
                "autotune-start" => TryDelta(request.Body, out var delta, out var problem)
                    ? await Changing(request, () => _engine.StartAutotune(delta) is { } refused
                        ? DiagnosticsReply.Failure($"autotune refused: {refused}")
                        : Changed(request, $"autotune started, deltaC {delta}", new { autotune = "running", deltaC = delta }), cancellationToken)
                    : Invalid(problem),
                "sensor-offset" => await SensorOffsetAsync(request, cancellationToken),
                "log-level" => await LogLevelAsync(request, cancellationToken),
                "mcu-clear-fault" => await ClearMcuFaultAsync(request, cancellationToken),
                _ => DiagnosticsReply.Failure($"unknown command '{request.Command}'", DiagnosticsErrors.UnknownCommand),
            };
        }
        catch (TimeoutException)
        {
            return DiagnosticsReply.Failure("the engine did not answer in time; it may be stopping. Nothing may have changed: ask 'status'", DiagnosticsErrors.Unavailable);
        }
        catch (InvalidDataException ex)
        {
            return DiagnosticsReply.Failure($"the journal cannot be read: {ex.Message} Run verify-journal.", DiagnosticsErrors.Unavailable);
        }
    }

    // --- Read-only ---------------------------------------------------------------------------------------------------

    private DiagnosticsReply Status()
    {
        var state = _engine.State;
        var pid = (_engine.Control.Law as PidCompressorLaw)?.Pid;
        var offsets = _engine.SensorOffsets;
        return DiagnosticsReply.Success(new
        {
            unitId = state.UnitId,
            version = state.Version,
            engine = state.Engine,
            safeState = _engine.Safety.InSafeState,
            ready = _engine.Control.Ready,
            mcuLinked = state.McuLinked,
            broker = state.Broker,
            commandedCompressorPct = (int)_engine.Control.CommandedCompressorPct,
            compressorStarts = _engine.Control.CompressorStarts,
            gains = pid is null ? null : new { kp = pid.Kp, ki = pid.Ki, kd = pid.Kd },
            alarms = state.Alarms?.Count ?? 0,
            channels = CapChannels.All.Select(c => new { channel = c.Name(), idle = _engine.Sessions[c].Session is not { IsFinal: false } }).ToList(),
            sensorOffsets = Offsets(offsets),
            serviceMode = new { on = _sources.ServiceMode?.IsOn ?? false, until = _sources.ServiceMode?.Until is { } until ? UtcStamp.ToText(until) : null },
        });
    }

    private DiagnosticsReply Config() => _sources.Settings is { } settings
        ? DiagnosticsReply.Success(new { configuration = ConfigurationView.Of(settings), redacted = ConfigurationView.Redacted })
        : Unavailable("config");

    private DiagnosticsReply LogRecent(JsonElement body)
    {
        if (_sources.Logs is not { } logs)
        {
            return Unavailable("log-recent");
        }

        if (!TryInt(body, "count", 1, RecentLogLines.Capacity, 100, out var count, out var problem) || !TryLevel(body, "minLevel", out var minimum, out problem, allowReset: false))
        {
            return Invalid(problem);
        }

        return DiagnosticsReply.Success(new { capacity = RecentLogLines.Capacity, logged = logs.Count, lines = logs.Newest(count, minimum ?? LogLevel.Trace) });
    }

    private DiagnosticsReply AlarmHistory(JsonElement body)
    {
        if (_sources.Journal is not { } journal)
        {
            return Unavailable("alarm-history");
        }

        if (!TrySince(body, required: false, out var since, out var problem) || !TryInt(body, "limit", 1, MaxAlarmHistory, 100, out var limit, out problem))
        {
            return Invalid(problem);
        }

        var alarms = journal.ListAlarms(since, limit).Select(a => new
        {
            alarmId = a.AlarmId, code = a.Code, priority = a.Priority, state = a.State, channel = a.Channel, at = UtcStamp.ToText(a.At),
            message = a.Message, historical = a.Historical, delivered = a.Delivered,
        }).ToList();
        return DiagnosticsReply.Success(new { alarms });
    }

    private DiagnosticsReply LinkStats()
    {
        if (_engine.LastLink is not { } link)
        {
            return DiagnosticsReply.Failure("this unit has no MCU link", DiagnosticsErrors.Unavailable);
        }

        var c = link.Counters;
        return DiagnosticsReply.Success(new
        {
            state = link.State.ToString(),
            problem = link.Problem,
            counters = new
            {
                framesGood = c.FramesGood, framesRejected = c.FramesRejected, commandsSent = c.CommandsSent, commandsAcknowledged = c.CommandsAcknowledged,
                lastRoundTripMs = c.LastRoundTrip?.TotalMilliseconds, handshakes = c.Handshakes, resetPulses = c.ResetPulses,
            },
        });
    }

    private DiagnosticsReply McuIdentity()
    {
        if (_engine.LastLink is not { } link)
        {
            return DiagnosticsReply.Failure("this unit has no MCU link", DiagnosticsErrors.Unavailable);
        }

        if (link.Mcu is not { } mcu)
        {
            return DiagnosticsReply.Failure($"the MCU has not answered the handshake (link {link.State}); ask again once it is linked", DiagnosticsErrors.Unavailable);
        }

        return DiagnosticsReply.Success(new
        {
            serial = mcu.Serial,
            firmware = string.Create(CultureInfo.InvariantCulture, $"{mcu.FwMajor}.{mcu.FwMinor}.{mcu.FwPatch}"),
            protocolVersion = mcu.McuProtoVersion,
            capabilities = mcu.Capabilities.ToString(),
            resetReason = mcu.ResetReason.ToString(),
            deadManMs = mcu.MaxDurationMs,
            latchedAtHandshake = mcu.Latched.ToString(),
            linkId = mcu.LinkId,
        });
    }

    // Records ended since the time (from the journal), and running sessions (from the engine): never the patient reference.
    private async Task<DiagnosticsReply> SessionsSinceAsync(JsonElement body, CancellationToken cancellationToken)
    {
        if (_sources.Journal is not { } journal)
        {
            return Unavailable("sessions-since");
        }

        if (!TrySince(body, required: true, out var since, out var problem) || !TryInt(body, "limit", 1, MaxSessions, 50, out var limit, out problem))
        {
            return Invalid(problem);
        }

        var ended = journal.ListRecords(since, limit).Select(r => SessionSummary.Of(RecordJson.Parse(r.Json), "done", running: false, r.Delivered)).ToList();
        var running = await OnEngine(() => CapChannels.All
            .Select(c => _engine.Sessions[c].Session)
            .Where(s => s is { IsFinal: false })
            .Select(s => SessionSummary.Of(_engine.RecordOf(s!.SessionId)!, s!.Phase.Name(), running: true, delivered: false))
            .ToList(), cancellationToken);
        return DiagnosticsReply.Success(new { since = UtcStamp.ToText(since!.Value), sessions = running.Concat(ended).ToList() });
    }

    // Final records ended since the time, sent again on their topics, oldest first (consumers dedupe on sessionId).
    private async Task<DiagnosticsReply> RepublishAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        if (_sources.Journal is not { } journal || _sources.Transport is not { } transport || _sources.Topics is not { } topics)
        {
            return Unavailable("republish-since");
        }

        if (!TrySince(request.Body, required: true, out var since, out var problem) || !TryInt(request.Body, "limit", 1, MaxRepublish, 100, out var limit, out problem))
        {
            return Invalid(problem);
        }

        var records = journal.ListRecords(since, limit).Reverse().ToList();
        var delivered = new List<string>();
        var held = new List<string>();
        foreach (var record in records)
        {
            var outcome = await transport.PublishAsync(new TransportMessage(topics.Session(record.SessionId), Encoding.UTF8.GetBytes(record.Json)), cancellationToken);
            if (outcome == PublishOutcome.NotSent)
            {
                return DiagnosticsReply.Failure(
                    $"the broker connection went away after {delivered.Count + held.Count} of {records.Count} records; ask again once it is back", DiagnosticsErrors.Unavailable);
            }

            (outcome == PublishOutcome.Delivered ? delivered : held).Add(record.SessionId);
        }

        var sinceText = UtcStamp.ToText(since!.Value);
        LogRepublished(_logger, records.Count, sinceText, request.Requester);
        return DiagnosticsReply.Success(new { since = sinceText, republished = delivered.Count, notAcknowledged = held, sessionIds = delivered });
    }

    private DiagnosticsReply AutotuneStatus()
    {
        var control = _engine.Control;
        return DiagnosticsReply.Success(new
        {
            autotune = control.Autotune is not null ? "running" : control.LastAutotune is null ? "idle" : "done",
            peaks = control.Autotune?.Peaks,
            result = control.LastAutotune,
        });
    }

    // --- Changing: service mode and idle channels only -------------------------------------------------------------------

    private Task<DiagnosticsReply> SensorOffsetAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (!body.TryGetProperty("sensor", out var sensorValue) || sensorValue.ValueKind != JsonValueKind.String
            || sensorValue.GetString() is not { } sensor || !SensorOffsets.Sensors.Contains(sensor))
        {
            return Task.FromResult(Invalid($"give \"sensor\": one of {string.Join(", ", SensorOffsets.Sensors)}"));
        }

        if (!body.TryGetProperty("offsetC", out var offsetValue) || offsetValue.ValueKind != JsonValueKind.Number || !offsetValue.TryGetDouble(out var offset)
            || Math.Abs(offset) > SensorOffsets.MaxC)
        {
            return Task.FromResult(Invalid($"give \"offsetC\": a number from -{SensorOffsets.MaxC} to {SensorOffsets.MaxC} (C added to the sensor's readings; 0 removes the calibration)"));
        }

        offset = Math.Round(offset, 2);
        return Changing(request, () =>
        {
            var before = _engine.SensorOffsets;
            _engine.SensorOffsets = before.With(sensor, offset);
            return Changed(request, $"sensor offset {sensor} {offset.ToString(CultureInfo.InvariantCulture)} C",
                new { sensor, offsetC = offset, sensorOffsets = Offsets(_engine.SensorOffsets), persistent = false, keepWith = Configuration.SensingOptions.KeyOf(sensor) });
        }, cancellationToken);
    }

    private Task<DiagnosticsReply> LogLevelAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        if (_sources.LogLevels is not { } levels)
        {
            return Task.FromResult(Unavailable("log-level"));
        }

        if (!TryLevel(request.Body, "level", out var level, out var problem, allowReset: true))
        {
            return Task.FromResult(Invalid(problem));
        }

        string? category = null;
        if (request.Body.TryGetProperty("category", out var categoryValue) && categoryValue.ValueKind != JsonValueKind.Null)
        {
            category = categoryValue.ValueKind == JsonValueKind.String ? categoryValue.GetString() : null;
            if (category is not { Length: > 0 and <= 200 } || !category.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_'))
            {
                return Task.FromResult(Invalid("\"category\" must be a logging category such as Paxman.Edge.Engine (letters, digits, dots), or left out for every category"));
            }
        }

        return Changing(request, () =>
        {
            if (level is null)
            {
                levels.ResetLevels();
                return Changed(request, "log levels reset to the configuration's", new { level = "reset", category = (string?)null });
            }

            levels.SetLevel(level.Value, category);
            return Changed(request, $"log level {level} for {category ?? "every category"}", new { level = level.Value.ToString(), category });
        }, cancellationToken);
    }

    private Task<DiagnosticsReply> ClearMcuFaultAsync(DiagnosticsRequest request, CancellationToken cancellationToken)
    {
        if (!request.Body.TryGetProperty("code", out var codeValue) || codeValue.ValueKind != JsonValueKind.String || codeValue.GetString() is not { } code
            || !code.StartsWith("mcu-", StringComparison.Ordinal) || code == "mcu-link-lost")
        {
            return Task.FromResult(Invalid("give \"code\": the alarm code of the MCU latch to clear, such as mcu-over-cooling (see alarm-history or /api/status)"));
        }

        return Changing(request, () =>
        {
            var open = _engine.Safety.Alarms.Open.FirstOrDefault(o => o.Code == code && o.Condition is McuLatchCondition);
            if (open is null)
            {
                return DiagnosticsReply.Failure($"no MCU latch alarm '{code}' is open; nothing to clear");
            }

            if (!open.ConditionEnded)
            {
                return DiagnosticsReply.Failure($"'{code}' is still present on the MCU; repair its cause first, then ask again");
            }

            _engine.Acknowledge(open.AlarmId);
            return Changed(request, $"MCU latch {code} cleared", new { code, alarmId = open.AlarmId, clearAsked = true });
        }, cancellationToken);
    }

    // On the engine's thread, in the tick that applies it: refused unless service mode is on and every channel is idle.
    private async Task<DiagnosticsReply> Changing(DiagnosticsRequest request, Func<DiagnosticsReply> change, CancellationToken cancellationToken)
    {
        var reply = await OnEngine(() =>
        {
            if (_sources.ServiceMode is not { IsOn: true })
            {
                return DiagnosticsReply.Failure(
                    $"'{request.Command}' changes the unit: switch service mode on at the unit first (POST /api/service-mode with the technician PIN)",
                    DiagnosticsErrors.ServiceModeOff);
            }

            var busy = CapChannels.All.Where(c => _engine.Sessions[c].Session is { IsFinal: false }).Select(c => c.Name()).ToList();
            return busy.Count > 0
                ? DiagnosticsReply.Failure(
                    $"'{request.Command}' is refused while a session is open on channel {string.Join(" and ", busy)}; ask again once every channel is idle",
                    DiagnosticsErrors.NotIdle)
                : change();
        }, cancellationToken);
        if (!reply.Ok)
        {
            LogChangeRefused(_logger, request.Command, request.Requester, reply.Code ?? DiagnosticsErrors.Refused);
        }

        return reply;
    }

    private DiagnosticsReply Changed(DiagnosticsRequest request, string what, object result)
    {
        LogChanged(_logger, what, request.Requester);
        return DiagnosticsReply.Success(result);
    }

    // --- Helpers -----------------------------------------------------------------------------------------------------

    private static object Offsets(SensorOffsets o) => new { supplyC = o.SupplyC, returnC = o.ReturnC, returnAC = o.ReturnAC, returnBC = o.ReturnBC };

    private static DiagnosticsReply Invalid(string problem) => DiagnosticsReply.Failure(problem, DiagnosticsErrors.InvalidArgument);

    private static DiagnosticsReply Unavailable(string command) =>
        DiagnosticsReply.Failure($"'{command}' is not available on this unit", DiagnosticsErrors.Unavailable);

    private async Task<T> OnEngine<T>(Func<T> action, CancellationToken cancellationToken) =>
        await _engine.PostAsync(action).WaitAsync(EngineWait, cancellationToken);

    private static bool TryInt(JsonElement body, string name, int min, int max, int fallback, out int value, out string problem)
    {
        value = fallback;
        problem = string.Empty;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = string.Create(CultureInfo.InvariantCulture, $"\"{name}\" must be a whole number from {min} to {max} (default {fallback})");
        return false;
    }

    private static bool TrySince(JsonElement body, bool required, out DateTimeOffset? since, out string problem)
    {
        since = null;
        problem = string.Empty;
        if (!body.TryGetProperty("since", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (!required)
            {
                return true;
            }

            problem = "give \"since\": a UTC time in ISO 8601, like 2026-01-05T13:00:00Z";
            return false;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { } text && text.EndsWith('Z')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            since = parsed;
            return true;
        }

        problem = "\"since\" must be a UTC time in ISO 8601, like 2026-01-05T13:00:00Z";
        return false;
    }

    private static bool TryLevel(JsonElement body, string name, out LogLevel? level, out string problem, bool allowReset)
    {
        level = null;
        problem = string.Empty;
        var names = "Trace, Debug, Information, Warning, Error, Critical" + (allowReset ? ", or reset" : string.Empty);
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (!allowReset)
            {
                return true;
            }

            problem = $"give \"{name}\": one of {names}";
            return false;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (allowReset && text == "reset")
        {
            return true;
        }

        if (text is { Length: > 0 } && char.IsAsciiLetter(text[0]) && Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) && parsed != LogLevel.None)
        {
            level = parsed;
            return true;
        }

        problem = $"\"{name}\" must be one of {names}";
        return false;
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Diagnostics changed the unit: {What}, asked by {Requester}")]
    private static partial void LogChanged(ILogger logger, string what, string requester);

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostics request '{Command}' from {Requester} refused: {Code}")]
    private static partial void LogChangeRefused(ILogger logger, string command, string requester, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostics republished {Count} records ended since {Since}, asked by {Requester}")]
    private static partial void LogRepublished(ILogger logger, int count, string since, string requester);
}
