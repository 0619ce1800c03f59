using System.Buffers;
using System.Text.Json;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;
using Paxman.Edge.Core.State;
using Paxman.Edge.Core.Ticking;
using Paxman.Edge.Engine.State;
using Paxman.Edge.Messaging;
using Paxman.Edge.Messaging.Delivery;

namespace Paxman.Edge.Engine.Publishing;

/// <summary>Whether a tick journaled a notice (engine thread, no allocation).</summary>
public static class TickNotices
{
    public static bool Any(TickOutput produced)
    {
        ArgumentNullException.ThrowIfNull(produced);
        var writes = produced.JournalWrites;
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i] is NoticeWrite)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The live messages, built on the engine's thread from each tick (README, "External interfaces"): telemetry on
/// <c>.../telemetry</c> (QoS 0) once a second of device time, and each channel's availability on the retained
/// <c>.../channels/{A|B}</c> (QoS 1) on every change of its state, phase, session or interruption and once a minute of
/// device time. Neither is journaled: telemetry is dropped while offline, and a retained message reflects the latest
/// state only. A tick between those moments allocates nothing.
/// </summary>
/// <remarks>
/// <c>expectedFreeAt</c>, the wall-clock time the cap is expected to be free: in post-cool, now plus the cooled time
/// left of the countdown (it counts cooled time, so an interruption moves it later at each republish); once done, when
/// the session ended (the cap comes off within 5-10 minutes of a completed post-cool); null when idle, and null in
/// prepared, pre-cool and infusion, because the unit never knows how long the infusion will last, and any figure would
/// be invented.
/// </remarks>
public sealed class LiveMessages(MqttTopics topics)
{
    /// <summary>Telemetry's period in device time.</summary>
    public static readonly TimeSpan TelemetryPeriod = TimeSpan.FromSeconds(1);

    /// <summary>A channel's state is republished at least this often in device time.</summary>
    public static readonly TimeSpan ChannelPeriod = TimeSpan.FromMinutes(1);

    private readonly ChannelKey[] _last = new ChannelKey[CapChannels.All.Count];
    private readonly TimeSpan[] _channelDue = new TimeSpan[CapChannels.All.Count];
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private TimeSpan _telemetryDue;
    private TimeSpan _lastUptime = TimeSpan.MinValue;

    /// <summary>Builds what this tick publishes and hands each message to <paramref name="sink"/> (engine thread).</summary>
    public void OnTick(TickEngine engine, TickOutput produced, Action<TransportMessage> sink)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(produced);
        ArgumentNullException.ThrowIfNull(sink);
        var uptime = produced.Uptime;
        if (uptime < _lastUptime)
        {
            // A new engine (the host restarted): everything is due again.
            Array.Clear(_last);
            Array.Clear(_channelDue);
            _telemetryDue = TimeSpan.Zero;
        }

        _lastUptime = uptime;
        UnitState? state = null;
        foreach (var channel in CapChannels.All)
        {
            var c = ChannelPublished.Of(engine.Sessions[channel], engine.Timeline, engine.Safety.Causes(channel));
            var key = new ChannelKey(true, c.Phase, c.SessionId, c.Outcome, c.Interrupted.Shown());
            var i = (int)channel;
            if (key != _last[i] || uptime >= _channelDue[i])
            {
                _last[i] = key;
                _channelDue[i] = uptime + ChannelPeriod;
                var endedAt = engine.Sessions[channel].Session?.EndedAt;
                sink(new TransportMessage(topics.Channel(channel.Name()), ChannelPayload(channel, c, endedAt, engine.Time.GetUtcNow()), 1, Retain: true));
            }
        }

        if (uptime >= _telemetryDue)
        {
            _telemetryDue = uptime + TelemetryPeriod;
            state ??= engine.State;
            sink(new TransportMessage(topics.Telemetry, TelemetryPayload(state), 0));
        }
    }

    /// <summary>The wall-clock time the channel's cap is expected to be free (see remarks of the class).</summary>
    public static DateTimeOffset? ExpectedFreeAt(SessionPhase phase, long? remainingSeconds, DateTimeOffset? endedAt, DateTimeOffset now) => phase switch
    {
        SessionPhase.Postcool when remainingSeconds is { } left => now + TimeSpan.FromSeconds(left),
        SessionPhase.Done => endedAt,
        _ => null,
    };

    private byte[] ChannelPayload(CapChannel channel, ChannelPublished c, DateTimeOffset? endedAt, DateTimeOffset now)
    {
        var w = Begin();
        w.WriteString("channel", channel.Name());
        w.WriteString("state", c.Phase.Name());
        if (c.SessionId is null)
        {
            w.WriteNull("phase");
        }
        else
        {
            w.WriteString("phase", c.Phase.Name());
        }

        if (c.RemainingSeconds is { } remaining && c.Phase is SessionPhase.Precool or SessionPhase.Postcool)
        {
            w.WriteNumber("remainingSeconds", remaining);
        }
        else
        {
            w.WriteNull("remainingSeconds");
        }

        w.WriteString("interrupted", c.Interrupted.Shown());
        w.WriteString("sessionId", c.SessionId);
        var free = ExpectedFreeAt(c.Phase, c.RemainingSeconds, endedAt, now);
        w.WriteString("expectedFreeAt", free is { } f ? UtcStamp.ToText(f) : null);
        w.WriteString("at", UtcStamp.ToText(now));
        return End(w);
    }

    private byte[] TelemetryPayload(UnitState state)
    {
        var w = Begin();
        w.WriteString("at", UtcStamp.ToText(state.At));
        w.WriteStartObject("coolant");
        Number(w, "supplyC", state.Coolant?.SupplyC);
        Number(w, "returnC", state.Coolant?.ReturnC);
        Number(w, "setpointC", state.Coolant?.SetpointC);
        w.WriteEndObject();
        Number(w, "compressorPercent", state.CompressorPercent);
        w.WriteStartArray("channels");
        foreach (var c in state.Channels)
        {
            w.WriteStartObject();
            w.WriteString("channel", c.Channel);
            w.WriteString("state", c.State);
            if (c.CapConnected is { } cap)
            {
                w.WriteBoolean("capConnected", cap);
            }
            else
            {
                w.WriteNull("capConnected");
            }

            Number(w, "flowLpm", c.FlowLpm);
            w.WriteString("interrupted", c.Interrupted);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        return End(w);
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 2));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        var json = new Utf8JsonWriter(_buffer);
        json.WriteStartObject();
        return json;
    }

    private byte[] End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Dispose();
        return _buffer.WrittenSpan.ToArray();
    }

    private readonly record struct ChannelKey(bool Seen, SessionPhase Phase, string? SessionId, string? Outcome, string? Interrupted);
}
