namespace Paxman.Edge.Engine.Sensing;

/// <summary>
/// A technician's offset calibration of the MCU's coolant sensors (README, "Diagnostics for technicians"), in degrees
/// Celsius added to each reading before control and safety see it; each within +/-<see cref="MaxC"/>. The independent
/// safety probe is never offset, so a wrong calibration still shows as a probe disagreement.
/// </summary>
public readonly record struct SensorOffsets(double SupplyC, double ReturnC, double ReturnAC, double ReturnBC)
{
    /// <summary>The largest offset accepted, either way.</summary>
    public const double MaxC = 2.0;

    /// <summary>The sensors' names in requests: <c>supply</c>, <c>return</c>, <c>return-a</c>, <c>return-b</c>.</summary>
    public static IReadOnlyList<string> Sensors { get; } = ["supply", "return", "return-a", "return-b"];

    /// <summary>These offsets with <paramref name="sensor"/>'s set to <paramref name="offsetC"/>.</summary>
    public SensorOffsets With(string sensor, double offsetC) => sensor switch
    {
        "supply" => this with { SupplyC = offsetC },
        "return" => this with { ReturnC = offsetC },
        "return-a" => this with { ReturnAC = offsetC },
        "return-b" => this with { ReturnBC = offsetC },
        _ => throw new ArgumentOutOfRangeException(nameof(sensor), sensor, "not a sensor"),
    };
}
