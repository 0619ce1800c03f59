using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paxman.Edge.Engine;

namespace Paxman.Edge.Service.Health;

/// <summary>
/// Alive (<c>GET /healthz</c>): the control loop is ticking. The engine's tick count must advance within
/// <see cref="Window"/> (three tick periods); a probe that comes sooner than that after the previous one waits
/// out the rest of the window, so a hung loop is never reported alive from a stale reading.
/// </summary>
public sealed class EngineTickingHealthCheck : IHealthCheck
{
    /// <summary>How long the tick count has to advance: three 100 ms periods.</summary>
    public static readonly TimeSpan Window = 3 * RealTimeDriver.Period;

    private readonly TickEngine _engine;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _sampleTicks = -1;
    private long _sampleTimestamp;

    public EngineTickingHealthCheck(TickEngine engine, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(time);
        _engine = engine;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long before;
        TimeSpan age;
        lock (_gate)
        {
            age = _sampleTicks < 0 ? TimeSpan.MaxValue : _time.GetElapsedTime(_sampleTimestamp);
            if (age > Window)
            {
                // No recent reading to compare with: take one now and watch a whole window.
                _sampleTicks = _engine.State.Engine.Ticks;
                _sampleTimestamp = _time.GetTimestamp();
                age = TimeSpan.Zero;
            }

            before = _sampleTicks;
        }

        if (age < Window)
        {
            await Task.Delay(Window - age, _time, cancellationToken).ConfigureAwait(false);
        }

        var engine = _engine.State.Engine;
        lock (_gate)
        {
            _sampleTicks = engine.Ticks;
            _sampleTimestamp = _time.GetTimestamp();
        }

        var data = new Dictionary<string, object>
        {
            ["ticks"] = engine.Ticks,
            ["lateTicks"] = engine.LateTicks,
            ["deviceSeconds"] = Math.Round(engine.DeviceSeconds, 1),
        };
        if (engine.Ticks == 0)
        {
            return HealthCheckResult.Unhealthy("the control loop has not ticked yet", data: data);
        }

        return engine.Ticks > before
            ? HealthCheckResult.Healthy($"the control loop is ticking ({engine.Ticks - before} ticks in the last {Window.TotalMilliseconds:0} ms)", data)
            : HealthCheckResult.Unhealthy($"the control loop is stuck: no tick for at least {Window.TotalMilliseconds:0} ms", data: data);
    }
}
