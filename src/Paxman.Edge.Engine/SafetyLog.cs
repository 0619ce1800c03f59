using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine;

/// <summary>
/// The safety layer's log (README, "Logging"): entering and leaving the safe state with its cause, every alarm change,
/// and every MCU latch bit that is set or cleared. Run once per tick on the engine's thread, after the tick's alarm
/// changes are collected; a tick that changes nothing logs nothing and allocates nothing. Alarm messages and codes
/// carry no patient reference (they name only the channel).
/// </summary>
public sealed partial class SafetyLog(ILogger logger)
{
    private bool _safe;
    private TimeSpan _safeSince;
    private McuFaults _latched;

    /// <summary>Logs what changed this tick: <paramref name="changes"/> are its alarm changes, <paramref name="latched"/> the MCU's latches.</summary>
    public void Observe(TimeSpan uptime, SafetySupervisor safety, IReadOnlyList<AlarmChange> changes, McuFaults latched)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            LogChange(changes[i]);
        }

        if (latched != _latched)
        {
            LogLatches(_latched, latched);
            _latched = latched;
        }

        if (safety.InSafeState != _safe)
        {
            _safe = safety.InSafeState;
            if (_safe)
            {
                _safeSince = uptime;
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    var causes = Causes(safety.Alarms.Open, changes);
                    LogSafeStateEntered(logger, causes);
                }
            }
            else
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var reason = Resets(changes);
                    LogSafeStateLeft(logger, (uptime - _safeSince).TotalSeconds, reason);
                }
            }
        }
    }

    private void LogChange(in AlarmChange change)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var o = change.Occurrence;
        var channel = o.Channel?.Name() ?? "unit";
        var priority = o.Priority.Name();
        switch (change.State)
        {
            case AlarmOccurrenceState.Raised when o.Priority == AlarmPriority.High:
                LogHighRaised(logger, o.Code, o.AlarmId, channel, o.Message);
                break;
            case AlarmOccurrenceState.Raised:
                LogRaised(logger, priority, o.Code, o.AlarmId, channel, o.Message);
                break;
            case AlarmOccurrenceState.Acknowledged:
                LogAcknowledged(logger, o.Code, o.AlarmId, channel, o.ConditionEnded || !o.ConditionActive);
                break;
            default:
                LogCleared(logger, o.Code, o.AlarmId, channel);
                break;
        }
    }

    private void LogLatches(McuFaults before, McuFaults after)
    {
        for (var bit = 0; bit < 16; bit++)
        {
            var fault = (McuFaults)(1 << bit);
            var was = (before & fault) != 0;
            var isNow = (after & fault) != 0;
            if (isNow && !was)
            {
                LogLatchSet(logger, fault);
            }
            else if (was && !isNow)
            {
                LogLatchCleared(logger, fault);
            }
        }
    }

    // The alarms that demand the safe state now: what the unit went safe for.
    private static string Causes(IReadOnlyList<AlarmOccurrence> open, IReadOnlyList<AlarmChange> changes)
    {
        var codes = new List<string>();
        for (var i = 0; i < open.Count; i++)
        {
            if (open[i].Demanded == SafetyAction.SafeState && !codes.Contains(open[i].Code))
            {
                codes.Add(open[i].Code);
            }
        }

        if (codes.Count == 0)
        {
            // A condition that demands it without an alarm of its own yet (a trip still within its detection time).
            for (var i = 0; i < changes.Count; i++)
            {
                codes.Add(changes[i].Occurrence.Code);
            }
        }

        return codes.Count == 0 ? "a safety condition" : string.Join(", ", codes);
    }

    // The latched alarms a person reset this tick (acknowledged after their condition ended), which let the unit out.
    private static string Resets(IReadOnlyList<AlarmChange> changes)
    {
        var codes = new List<string>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].State == AlarmOccurrenceState.Cleared && changes[i].Occurrence.Latching)
            {
                codes.Add(changes[i].Occurrence.Code);
            }
        }

        return codes.Count == 0 ? "its conditions ended" : "reset of " + string.Join(", ", codes);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Safe state entered (compressor, pump and valves off, cooling-enable low): {Causes}")]
    private static partial void LogSafeStateEntered(ILogger logger, string causes);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Safe state left after {Seconds:F1} s: {Reason}")]
    private static partial void LogSafeStateLeft(ILogger logger, double seconds, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Alarm raised: {Code} (high, {AlarmId}) on {Channel}: {Text}")]
    private static partial void LogHighRaised(ILogger logger, string code, string alarmId, string channel, string text);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Alarm raised: {Code} ({Priority}, {AlarmId}) on {Channel}: {Text}")]
    private static partial void LogRaised(ILogger logger, string priority, string code, string alarmId, string channel, string text);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Alarm acknowledged: {Code} ({AlarmId}) on {Channel}, condition ended: {ConditionEnded}")]
    private static partial void LogAcknowledged(ILogger logger, string code, string alarmId, string channel, bool conditionEnded);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Alarm cleared: {Code} ({AlarmId}) on {Channel}")]
    private static partial void LogCleared(ILogger logger, string code, string alarmId, string channel);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "MCU latch set: {Fault}")]
    private static partial void LogLatchSet(ILogger logger, McuFaults fault);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "MCU latch cleared: {Fault}")]
    private static partial void LogLatchCleared(ILogger logger, McuFaults fault);
}
