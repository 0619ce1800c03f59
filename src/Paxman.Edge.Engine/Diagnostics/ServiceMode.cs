using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paxman.Edge.Engine.Configuration;

namespace Paxman.Edge.Engine.Diagnostics;

/// <summary>The outcome of a PIN given for service mode.</summary>
public enum ServiceModeOutcome
{
    /// <summary>The PIN was right: service mode is on until <see cref="ServiceModeAnswer.Until"/>.</summary>
    On,

    /// <summary>The PIN was wrong; <see cref="ServiceModeAnswer.TriesLeft"/> more before PINs are refused for a while.</summary>
    WrongPin,

    /// <summary>Too many wrong PINs lately: no PIN is checked for <see cref="ServiceModeAnswer.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>No PIN hash is configured (<c>Technician:PinHashFile</c>), so there is no service mode.</summary>
    NotConfigured,
}

/// <summary>The answer to a PIN: the outcome and what goes with it.</summary>
public readonly record struct ServiceModeAnswer(ServiceModeOutcome Outcome, DateTimeOffset? Until = null, int TriesLeft = 0, TimeSpan RetryAfter = default);

/// <summary>
/// Service mode (README, "Service mode"): switched on at the unit with the technician's PIN, it lets the changing
/// diagnostics requests through (while every channel is idle) and ends by itself <see cref="Duration"/> later, measured on
/// the engine's clock (device time in Simulated mode), or when ended. Wrong PINs are limited: after
/// <see cref="MaxWrongPins"/> within <see cref="WrongPinWindow"/>, no PIN (not even the right one) is checked until the
/// oldest of them is that old. Thread-safe; PINs are never logged.
/// </summary>
/// <remarks>
/// Hand-written rather than System.Threading.RateLimiting: its limiters have no TimeProvider (device time, FakeTimeProvider)
/// and count every request, where only wrong PINs must count.
/// </remarks>
public sealed partial class ServiceMode
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(30);

    public const int MaxWrongPins = 5;

    public static readonly TimeSpan WrongPinWindow = TimeSpan.FromMinutes(5);

    private readonly TechnicianPin? _pin;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<long> _wrongPins = new();
    private long? _since;

    public ServiceMode(TechnicianPin? pin, TimeProvider time, ILogger<ServiceMode>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _pin = pin;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>A PIN hash is configured.</summary>
    public bool IsConfigured => _pin is not null;

    /// <summary>Service mode is on now.</summary>
    public bool IsOn
    {
        get
        {
            lock (_gate)
            {
                return Remaining() is not null;
            }
        }
    }

    /// <summary>When it ends by itself (wall-clock time), or null while off.</summary>
    public DateTimeOffset? Until
    {
        get
        {
            lock (_gate)
            {
                return Remaining() is { } left ? _time.GetUtcNow() + left : null;
            }
        }
    }

    /// <summary>A technician gives the PIN: on (again, for <see cref="Duration"/> from now) if right and not rate-limited.</summary>
    public ServiceModeAnswer Enter(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (_pin is null)
        {
            return new ServiceModeAnswer(ServiceModeOutcome.NotConfigured);
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_wrongPins.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) >= WrongPinWindow)
            {
                _wrongPins.Dequeue();
            }

            if (_wrongPins.Count >= MaxWrongPins)
            {
                var retryAfter = WrongPinWindow - _time.GetElapsedTime(_wrongPins.Peek(), now);
                LogRateLimited(_logger, MaxWrongPins, WrongPinWindow.TotalMinutes, Math.Ceiling(retryAfter.TotalSeconds));
                return new ServiceModeAnswer(ServiceModeOutcome.RateLimited, RetryAfter: retryAfter);
            }

            if (!_pin.Matches(pin))
            {
                _wrongPins.Enqueue(now);
                LogWrongPin(_logger, _wrongPins.Count, MaxWrongPins, WrongPinWindow.TotalMinutes);
                return new ServiceModeAnswer(ServiceModeOutcome.WrongPin, TriesLeft: MaxWrongPins - _wrongPins.Count);
            }

            _wrongPins.Clear();
            _since = now;
            var until = _time.GetUtcNow() + Duration;
            LogOn(_logger, until);
            return new ServiceModeAnswer(ServiceModeOutcome.On, until);
        }
    }

    /// <summary>Ends service mode now; whether it was on.</summary>
    public bool End()
    {
        lock (_gate)
        {
            var wasOn = Remaining() is not null;
            _since = null;
            if (wasOn)
            {
                LogEnded(_logger);
            }

            return wasOn;
        }
    }

    // Under the gate: the time left, or null (and off) once Duration has passed.
    private TimeSpan? Remaining()
    {
        if (_since is not { } since)
        {
            return null;
        }

        var left = Duration - _time.GetElapsedTime(since, _time.GetTimestamp());
        if (left > TimeSpan.Zero)
        {
            return left;
        }

        _since = null;
        LogTimedOut(_logger, Duration.TotalMinutes);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service mode on until {Until:O}: changing diagnostics requests are accepted while every channel is idle")]
    private static partial void LogOn(ILogger logger, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service mode ended")]
    private static partial void LogEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service mode ended by itself after {Minutes} minutes")]
    private static partial void LogTimedOut(ILogger logger, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wrong technician PIN was given for service mode ({Count} of {Max} allowed in {Minutes} minutes)")]
    private static partial void LogWrongPin(ILogger logger, int count, int max, double minutes);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A technician PIN was refused unchecked: {Max} wrong PINs within {Minutes} minutes; PINs are checked again in {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, int max, double minutes, double seconds);
}
