namespace Paxman.Edge.Core.Sensing;

/// <summary>
/// The independent safety probe on the coolant supply (a PT100 read through a MAX31865 on real hardware).
/// <see cref="Latest"/> never blocks: the real probe is read on its own thread about once a second, and the
/// engine takes the newest reading in its tick.
/// </summary>
public interface ISafetyProbe
{
    /// <summary>The newest reading; <see cref="ProbeReading.None"/> before the first.</summary>
    ProbeReading Latest { get; }
}

/// <summary>Why a probe reading has no temperature.</summary>
public enum ProbeFault
{
    None,

    /// <summary>No reading yet.</summary>
    NoReading,

    /// <summary>The converter flagged the RTD open, shorted or out of its thresholds.</summary>
    SensorFault,

    /// <summary>The bus transfer failed.</summary>
    ReadFailed,
}

/// <summary>One safety-probe reading.</summary>
/// <param name="Celsius">The temperature, or null when <paramref name="Fault"/> is not <see cref="ProbeFault.None"/>.</param>
/// <param name="Timestamp">When it was taken, from the probe's <see cref="TimeProvider.GetTimestamp"/> (the engine's clock).</param>
/// <param name="Fault">Why there is no temperature.</param>
public readonly record struct ProbeReading(double? Celsius, long Timestamp, ProbeFault Fault)
{
    public static ProbeReading None => new(null, 0, ProbeFault.NoReading);
}
