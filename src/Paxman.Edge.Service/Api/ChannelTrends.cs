using Paxman.Edge.Core;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// Each channel's coolant supply temperature for its running or last session, one sample per 10 s of device time, in a
/// bounded in-memory buffer of the last 3 hours (README, "The touchscreen"). Sampled on the engine's thread at the end of
/// a tick; read by <c>GET /api/channels/{ch}/trend</c>. It is a display aid: lost at a restart, never journaled.
/// </summary>
internal sealed class ChannelTrends : IHostedService
{
    /// <summary>Device time between two samples.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>Samples kept per channel: 3 hours.</summary>
    public const int Capacity = 3 * 60 * 60 / 10;

    private readonly TickEngine _engine;
    private readonly Trend[] _trends = [new(), new()];
    private TimeSpan _next;

    public ChannelTrends(TickEngine engine)
    {
        _engine = engine;
        engine.TickCompleted += _ => OnTick();
    }

    // A hosted service only to be made as the host starts; it listens to the engine from then on.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The samples of <paramref name="channel"/>'s running or last session, oldest first (any thread).</summary>
    public IReadOnlyList<TrendSample> Samples(CapChannel channel) => _trends[(int)channel].Copy();

    // Engine thread. Allocation-free but once per sample (every 10 s of device time).
    private void OnTick()
    {
        var now = _engine.Timeline;
        if (now < _next)
        {
            return;
        }

        _next = TimeSpan.FromTicks((now.Ticks / Period.Ticks + 1) * Period.Ticks);
        var state = _engine.State;
        foreach (var channel in CapChannels.All)
        {
            if (_engine.Sessions[channel].Session is not { } session)
            {
                continue;
            }

            var trend = _trends[(int)channel];
            trend.Restart(session.SessionId);

            // The last session's trace stays as it ended, to be read beside its summary.
            if (!session.IsFinal)
            {
                var shown = state.Channels[(int)channel];
                trend.Add(new TrendSample(state.At, _engine.Snapshot.SupplyC is { } c ? Math.Round(c, 2) : null, shown.Interrupted));
            }
        }
    }

    private sealed class Trend
    {
        private readonly Lock _lock = new();
        private readonly TrendSample[] _ring = new TrendSample[Capacity];
        private string? _sessionId;
        private int _start;
        private int _count;

        public void Restart(string sessionId)
        {
            if (sessionId == _sessionId)
            {
                return;
            }

            lock (_lock)
            {
                _sessionId = sessionId;
                _start = 0;
                _count = 0;
            }
        }

        public void Add(TrendSample sample)
        {
            lock (_lock)
            {
                if (_count < Capacity)
                {
                    _ring[(_start + _count++) % Capacity] = sample;
                }
                else
                {
                    _ring[_start] = sample;
                    _start = (_start + 1) % Capacity;
                }
            }
        }

        public TrendSample[] Copy()
        {
            lock (_lock)
            {
                var copy = new TrendSample[_count];
                for (var i = 0; i < _count; i++)
                {
                    copy[i] = _ring[(_start + i) % Capacity];
                }

                return copy;
            }
        }
    }
}
