using Paxman.Edge.Core.Sensing;

namespace Paxman.Edge.Simulation.Board;

/// <summary>
/// The safety probe for the engine in simulated lock-step: no thread and no converter, the simulation calls
/// <see cref="Sample"/> about once per simulated second and <see cref="Latest"/> returns that sample, as the real
/// probe's thread would have published it. The register-level path is <see cref="SimulatedMax31865"/> under the
/// real adapter.
/// </summary>
public sealed class SimulatedSafetyProbe : ISafetyProbe
{
    private readonly Func<double?> _celsius;
    private readonly TimeProvider _time;

    // Under a lock, so that a reader on another thread (diagnostics) never sees half a reading; no allocation per sample.
    private readonly Lock _gate = new();
    private ProbeReading _latest = ProbeReading.None;

    /// <param name="celsius">The probe temperature in °C; null (or not a number) when the sensor has failed.</param>
    /// <param name="time">The engine's clock, which stamps each sample.</param>
    public SimulatedSafetyProbe(Func<double?> celsius, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(celsius);
        ArgumentNullException.ThrowIfNull(time);
        _celsius = celsius;
        _time = time;
    }

    public ProbeReading Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>
    /// Publishes a reading taken <paramref name="age"/> ago (a restored unit's last one), stamped that long before
    /// the clock's now.
    /// </summary>
    public void Republish(double? celsius, ProbeFault fault, TimeSpan age)
    {
        var stamp = _time.GetTimestamp() - (long)Math.Round(age.TotalSeconds * _time.TimestampFrequency);
        lock (_gate)
        {
            _latest = new ProbeReading(celsius, stamp, fault);
        }
    }

    /// <summary>Takes a reading now: the source's temperature, or <see cref="ProbeFault.SensorFault"/> when it has none.</summary>
    public ProbeReading Sample()
    {
        var celsius = _celsius();
        var now = _time.GetTimestamp();
        var reading = celsius is { } c && double.IsFinite(c)
            ? new ProbeReading(c, now, ProbeFault.None)
            : new ProbeReading(null, now, ProbeFault.SensorFault);
        lock (_gate)
        {
            _latest = reading;
        }

        return reading;
    }
}
