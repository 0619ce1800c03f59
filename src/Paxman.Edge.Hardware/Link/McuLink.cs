using Microsoft.Extensions.Logging;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Hardware.Link;

/// <summary>
/// The host side of the MCU link (firmware-protocol/protocol.md), run on the engine thread once per tick:
/// drains the frames received since the last tick, judges link health in device time, handshakes, clears a
/// host-silent latch by itself (and no other), and sends the newest full-state command. On a lost link it keeps
/// sending the explicit SAFE command, because only one direction may have failed. It also watches the other
/// direction: commands no longer acknowledged for 1 s while STATUS still arrives, or STATUS showing the MCU's
/// dead-man expired on this very link, mean the MCU does not hear the host, and the host handshakes again
/// (protocol.md, "Link health").
/// </summary>
public sealed partial class McuLink
{
    private const int RoundTripSlots = 64;

    private readonly IMcuPort _port;
    private readonly IMcuResetLine? _resetLine;
    private readonly McuLinkOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly List<McuFrame> _frames = new(32);
    private readonly byte[] _tx = new byte[ProtocolConstants.MaxWireFrame];
    private readonly long[] _sentAt = new long[RoundTripSlots];

    private LinkState _state = LinkState.Listening;
    private long _startedAt = long.MinValue;
    private long _lastStatusAt = long.MinValue;
    private Status? _lastStatus;
    private HelloAck? _mcu;
    private string? _problem;
    private ushort _linkId;
    private uint _cmdSeq;
    private uint _lastAcked;
    private long _oldestUnackedSentAt;
    private ushort _requestId;
    private PendingRequest _pending;
    private bool _hostSilentClearDone;
    private long _lastResetAt = long.MinValue;
    private int _resetsWithoutStatus;
    private long _commandsLostAt = long.MinValue;
    private int _resetsWithoutLink;
    private long _commandsSent;
    private long _commandsAcked;
    private long _handshakes;
    private long _resetPulses;
    private TimeSpan? _lastRoundTrip;

    public McuLink(IMcuPort port, IMcuResetLine? resetLine, McuLinkOptions options, TimeProvider time, Random random, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _port = port;
        _resetLine = resetLine;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    /// <summary>Raised on the engine thread for every SET_STATE sent (diagnostics, tests).</summary>
    public event Action<SetState>? CommandSent;

    /// <summary>The link id of the current link, 0 before the first handshake.</summary>
    public ushort LinkId => _linkId;

    /// <summary>
    /// A person (a nurse or technician acknowledging the alarm) asks the MCU to clear the latches in
    /// <paramref name="mask"/>; the MCU clears only those whose condition is gone (safety.md). False when the link
    /// is not up or another request is in flight; the caller asks again on a later tick.
    /// </summary>
    public bool ClearLatchesByPerson(McuFaults mask, long now)
    {
        if (_pending.Type != 0 || _lastAcked == 0 || _state is not (LinkState.Linked or LinkState.Degraded) || mask == McuFaults.None)
        {
            return false;
        }

        SendRequest(MessageType.ClearLatch, now, mask, byPerson: true);
        return true;
    }

    /// <summary>One engine tick at monotonic time <paramref name="now"/>: receive, judge, send.</summary>
    /// <param name="now">The tick's timestamp.</param>
    /// <param name="desired">What the engine wants the chiller to do; sent only while the link is healthy.</param>
    public McuLinkStatus Tick(long now, in McuCommand desired)
    {
        Receive(now);
        return Send(now, desired);
    }

    /// <summary>Engine step 1: drains the frames received since the last tick and judges link health.</summary>
    public McuLinkStatus Receive(long now)
    {
        if (_startedAt == long.MinValue)
        {
            _startedAt = now;
        }

        _frames.Clear();
        _port.Drain(_frames);
        foreach (var frame in _frames)
        {
            OnFrame(frame, now);
        }

        UpdateHealth(now);
        return Snapshot();
    }

    /// <summary>Engine's last step: sends what the link's state calls for (the command, a handshake, or SAFE).</summary>
    public McuLinkStatus Send(long now, in McuCommand desired)
    {
        SendForState(now, desired);
        return Snapshot();
    }

    /// <summary>
    /// Sends one explicit SAFE command on the current link, whatever the link's health: the host's last word when it
    /// stops. Does nothing before the first handshake (an MCU that was never commanded is not cooling).
    /// </summary>
    public void SendSafe(long now)
    {
        if (_linkId != 0)
        {
            SendCommand(now, McuCommand.Safe);
        }
    }

    private void OnFrame(in McuFrame frame, long now)
    {
        switch (frame.Type)
        {
            case MessageType.Status:
                OnStatus(frame.Status, frame.ReceivedAt, now);
                break;
            case MessageType.HelloAck:
                OnHelloAck(frame.HelloAck);
                break;
            case MessageType.ClearLatchResult when _pending.Matches(MessageType.ClearLatch, frame.ClearLatchResult.RequestId):
                _pending = default;
                _hostSilentClearDone = true;
                LogLatchesCleared(_logger, frame.ClearLatchResult.Cleared, frame.ClearLatchResult.StillLatched);
                break;
            case MessageType.Error:
                OnError(frame.Error);
                break;
            default:
                break;
        }
    }

    private void OnStatus(in Status status, long receivedAt, long now)
    {
        _lastStatus = status;
        _lastStatusAt = Math.Min(receivedAt, now);
        _resetsWithoutStatus = 0;
        switch (_state)
        {
            case LinkState.Listening:
            case LinkState.Lost:
                // Heard again (or for the first time): a new link, with a new link_id (protocol.md, "Link health").
                StartHandshake(now);
                break;
            case LinkState.Linked or LinkState.Degraded when status.LinkId != _linkId:
                // The MCU rebooted (link 0) or another host took it over: hold safe and handshake again.
                LogMcuLinkChanged(_logger, _linkId, status.LinkId);
                StartHandshake(now);
                break;
            case LinkState.Linked or LinkState.Degraded when (status.Active & McuFaults.HostSilent) != 0:
                // The MCU's dead-man expired on this link (a new link disarms it): it has not been hearing the host.
                // (A mask, not HasFlag, which boxes in unoptimised code: the tick allocates nothing.)
                LoseCommands(now, "the chiller stopped hearing the host (its dead-man expired)");
                break;
            case LinkState.Linked or LinkState.Degraded when status.LastAppliedCmdSeq > _lastAcked && status.LastAppliedCmdSeq <= _cmdSeq:
                _lastAcked = status.LastAppliedCmdSeq;
                _commandsAcked++;
                _lastRoundTrip = _time.GetElapsedTime(_sentAt[_lastAcked % RoundTripSlots], receivedAt);
                if (_cmdSeq - _lastAcked < RoundTripSlots)
                {
                    _oldestUnackedSentAt = _sentAt[(_lastAcked + 1) % RoundTripSlots];
                }

                break;
            default:
                break;
        }
    }

    private void OnHelloAck(in HelloAck ack)
    {
        if (_state != LinkState.Handshaking || !_pending.Matches(MessageType.Hello, ack.RequestId) || ack.LinkId != _linkId)
        {
            return;
        }

        _pending = default;
        if (ack.McuProtoVersion != ProtocolConstants.Version)
        {
            Refuse($"the MCU speaks protocol version {ack.McuProtoVersion}; this host speaks {ProtocolConstants.Version}");
            return;
        }

        _mcu = ack;
        _state = LinkState.Linked;
        _cmdSeq = 0;
        _lastAcked = 0;
        _hostSilentClearDone = false;
        _commandsLostAt = long.MinValue;
        _resetsWithoutLink = 0;
        _handshakes++;
        _problem = null;
        LogLinked(_logger, _linkId, ack.Serial, ack.ResetReason, ack.FwMajor, ack.FwMinor, ack.FwPatch, ack.Latched);
    }

    private void OnError(in Error error)
    {
        if (error.RequestType == MessageType.Hello && error.Code == ErrorCode.UnsupportedVersion && _pending.Matches(MessageType.Hello, error.RequestId))
        {
            Refuse($"the MCU does not support protocol version {ProtocolConstants.Version}");
            return;
        }

        if (error.RequestId != 0 && _pending.Matches(error.RequestType, error.RequestId))
        {
            _pending = default;
        }

        LogMcuRefused(_logger, error.RequestType, error.Code);
    }

    private void Refuse(string problem)
    {
        _state = LinkState.VersionRefused;
        _pending = default;
        _problem = problem;
        LogVersionRefused(_logger, problem);
    }

    private void UpdateHealth(long now)
    {
        if (_state is LinkState.VersionRefused)
        {
            return;
        }

        var heardAt = _lastStatusAt == long.MinValue ? _startedAt : _lastStatusAt;
        var silence = _time.GetElapsedTime(heardAt, now);
        if (silence >= _options.LostAfter)
        {
            if (_state != LinkState.Lost && _state != LinkState.Listening)
            {
                _problem = $"no valid status from the MCU for {silence.TotalMilliseconds:0} ms";
                LogLost(_logger, silence.TotalMilliseconds);
                _state = LinkState.Lost;
                _pending = default;
            }

            MaybePulseReset(now, silence, ref _resetsWithoutStatus);
        }
        else if (silence >= _options.DegradedAfter && _state == LinkState.Linked)
        {
            _state = LinkState.Degraded;
        }
        else if (silence < _options.DegradedAfter && _state == LinkState.Degraded)
        {
            _state = LinkState.Linked;
        }

        // STATUS arrives, but the acknowledgement has not advanced: the commands are not reaching the MCU.
        if (_state == LinkState.Linked && _cmdSeq != _lastAcked)
        {
            var unacknowledged = _time.GetElapsedTime(_oldestUnackedSentAt, now);
            if (unacknowledged >= _options.UnacknowledgedAfter)
            {
                LoseCommands(now, $"no command acknowledged for {unacknowledged.TotalMilliseconds:0} ms");
            }
        }
        else if (_state == LinkState.Handshaking && _commandsLostAt != long.MinValue)
        {
            // Still not heard while STATUS arrives (a receiver stuck in the MCU, say): the reset line, by the same
            // policy as for silence, counted until a link is up again.
            MaybePulseReset(now, _time.GetElapsedTime(_commandsLostAt, now), ref _resetsWithoutLink);
        }
    }

    // The MCU hears the host no more while the host still hears it (protocol.md, "Link health"): the link is lost,
    // and with STATUS still arriving the host handshakes again at once. The new HELLO holds the MCU safe if it
    // arrives; if not, the MCU's dead-man does; the HELLO is retried until it is answered.
    private void LoseCommands(long now, string problem)
    {
        _problem = problem;
        _commandsLostAt = now;
        LogCommandsLost(_logger, problem);
        StartHandshake(now);
    }

    private void MaybePulseReset(long now, TimeSpan failingFor, ref int pulses)
    {
        if (_resetLine is null || failingFor < _options.ResetAfterLost || pulses >= _options.MaxResets)
        {
            return;
        }

        if (_lastResetAt != long.MinValue && _time.GetElapsedTime(_lastResetAt, now) < _options.ResetMinInterval)
        {
            return;
        }

        _lastResetAt = now;
        pulses++;
        _resetPulses++;
        LogResetPulse(_logger, pulses, _options.MaxResets);
        _resetLine.Pulse();
    }

    private void StartHandshake(long now)
    {
        var previous = _linkId;
        var current = _lastStatus?.LinkId ?? 0;
        do
        {
            _linkId = (ushort)_random.Next(1, ushort.MaxValue + 1);
        }
        while (_linkId == previous || _linkId == current);

        _state = LinkState.Handshaking;
        _mcu = null;
        SendRequest(MessageType.Hello, now);
    }

    private void SendForState(long now, in McuCommand desired)
    {
        switch (_state)
        {
            case LinkState.Handshaking:
                RetryPending(now);
                break;
            case LinkState.Linked or LinkState.Degraded:
                SendCommand(now, ChooseCommand(desired));
                MaybeClearHostSilent(now);
                RetryPending(now);
                break;
            case LinkState.Lost when _linkId != 0:
                SendCommand(now, McuCommand.Safe);
                break;
            default:
                break;
        }
    }

    private McuCommand ChooseCommand(in McuCommand desired)
    {
        // The first command of a link is SAFE (it must be acknowledged before host-silent is cleared), and so is
        // every command while the MCU holds a latch: it would refuse COOL, and a refused command does not feed
        // its dead-man.
        var latched = _lastStatus is { } s && s.LinkId == _linkId ? s.Latched : _mcu?.Latched ?? McuFaults.None;
        if (_lastAcked == 0 || latched != McuFaults.None)
        {
            return desired with { CompressorPct = 0, Pump = false, ValveA = false, ValveB = false, Mode = CoolingMode.Safe };
        }

        return desired;
    }

    private void MaybeClearHostSilent(long now)
    {
        if (_hostSilentClearDone || _pending.Type != 0 || _lastAcked == 0 || _lastStatus is not { } status || status.LinkId != _linkId)
        {
            return;
        }

        // protocol.md: host-silent is the one latch the host clears on its own, at the handshake, once its
        // condition is gone (a SAFE command of the new link has been applied).
        if (status.Latched.HasFlag(McuFaults.HostSilent) && !status.Active.HasFlag(McuFaults.HostSilent))
        {
            SendRequest(MessageType.ClearLatch, now);
        }
        else
        {
            _hostSilentClearDone = true;
        }
    }

    private void SendCommand(long now, in McuCommand command)
    {
        _cmdSeq++;
        var frame = new SetState(_linkId, _cmdSeq, command.CompressorPct, command.Outputs, command.Mode);
        _sentAt[_cmdSeq % RoundTripSlots] = now;
        if (_cmdSeq == _lastAcked + 1)
        {
            _oldestUnackedSentAt = now;
        }

        Transmit(frame);
        _commandsSent++;
        CommandSent?.Invoke(frame);
    }

    private void SendRequest(MessageType type, long now, McuFaults mask = McuFaults.HostSilent, bool byPerson = false)
    {
        _requestId = (ushort)(_requestId == ushort.MaxValue ? 1 : _requestId + 1);
        _pending = new PendingRequest(type, _requestId, Tries: 0, LastSentAt: now, mask, byPerson);
        TransmitPending(now);
    }

    private void RetryPending(long now)
    {
        if (_pending.Type == 0 || _time.GetElapsedTime(_pending.LastSentAt, now) < _options.RequestRetry)
        {
            return;
        }

        if (_pending.Tries >= _options.RequestTries)
        {
            LogRequestFailed(_logger, _pending.Type, _pending.Tries);
            var failed = _pending.Type;
            _pending = default;
            if (failed == MessageType.Hello)
            {
                // Try a fresh handshake with a new request id.
                SendRequest(MessageType.Hello, now);
            }

            return;
        }

        TransmitPending(now);
    }

    private void TransmitPending(long now)
    {
        _pending = _pending with { Tries = _pending.Tries + 1, LastSentAt = now };
        switch (_pending.Type)
        {
            case MessageType.Hello:
                Transmit(new Hello(ProtocolConstants.Version, _linkId, _pending.RequestId));
                break;
            case MessageType.ClearLatch:
                Transmit(new ClearLatch(_linkId, _pending.RequestId, _pending.Mask, _pending.ByPerson));
                break;
            default:
                break;
        }
    }

    private void Transmit<T>(in T message)
        where T : struct, IMessage
    {
        var length = FrameEncoder.Encode(message, _tx);
        _port.Send(_tx.AsSpan(0, length));
    }

    private McuLinkStatus Snapshot()
    {
        var port = _port.Counters;
        return new McuLinkStatus
        {
            State = _state,
            LastStatus = _lastStatus,
            Mcu = _mcu,
            Problem = _problem,
            Counters = new LinkCounters(port.FramesGood, port.FramesRejected, _commandsSent, _commandsAcked, _lastRoundTrip, _handshakes, _resetPulses),
        };
    }

    private readonly record struct PendingRequest(MessageType Type, ushort RequestId, int Tries, long LastSentAt, McuFaults Mask = McuFaults.HostSilent, bool ByPerson = false)
    {
        public bool Matches(MessageType type, ushort requestId) => Type == type && RequestId == requestId;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCU linked: link {LinkId}, serial {Serial}, reset reason {ResetReason}, firmware {Major}.{Minor}.{Patch}, latched {Latched}")]
    private static partial void LogLinked(ILogger logger, ushort linkId, string serial, ResetReason resetReason, byte major, byte minor, byte patch, McuFaults latched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU link lost: no valid status for {SilenceMs} ms; sending the safe command")]
    private static partial void LogLost(ILogger logger, double silenceMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU link lost: {Problem} while its status still arrives; handshaking again")]
    private static partial void LogCommandsLost(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU reports link {Reported}, ours is {Ours}: handshaking again")]
    private static partial void LogMcuLinkChanged(ILogger logger, ushort ours, ushort reported);

    [LoggerMessage(Level = LogLevel.Error, Message = "MCU link refused: {Problem}; the unit stays safe")]
    private static partial void LogVersionRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU refused a {Type} frame: {Code}")]
    private static partial void LogMcuRefused(ILogger logger, MessageType type, ErrorCode code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU request {Type} unanswered after {Tries} tries")]
    private static partial void LogRequestFailed(ILogger logger, MessageType type, int tries);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCU latches cleared by the host: {Cleared}; still latched: {StillLatched}")]
    private static partial void LogLatchesCleared(ILogger logger, McuFaults cleared, McuFaults stillLatched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulsing the MCU reset line ({Count} of at most {Max})")]
    private static partial void LogResetPulse(ILogger logger, int count, int max);
}
