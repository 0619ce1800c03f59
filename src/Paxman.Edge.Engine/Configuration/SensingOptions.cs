using System.Globalization;
using Paxman.Edge.Engine.Sensing;

namespace Paxman.Edge.Engine.Configuration;

/// <summary>
/// Configuration section <c>Sensing</c> (README, "Configuration"): the MCU coolant sensors' offset calibration kept
/// across restarts, in C added to each reading, each within +/-2 C. The diagnostics request <c>sensor-offset</c> changes
/// them until the next restart; the technician writes the value found here to keep it.
/// </summary>
public sealed class SensingOptions
{
    public const string Section = "Sensing";

    public double SupplyOffsetC { get; set; }

    public double ReturnOffsetC { get; set; }

    public double ReturnAOffsetC { get; set; }

    public double ReturnBOffsetC { get; set; }

    /// <summary>The offsets as the engine applies them.</summary>
    public SensorOffsets Offsets => new(SupplyOffsetC, ReturnOffsetC, ReturnAOffsetC, ReturnBOffsetC);

    /// <summary>The configuration key that keeps <paramref name="sensor"/>'s offset.</summary>
    public static string KeyOf(string sensor) => sensor switch
    {
        "supply" => $"{Section}:{nameof(SupplyOffsetC)}",
        "return" => $"{Section}:{nameof(ReturnOffsetC)}",
        "return-a" => $"{Section}:{nameof(ReturnAOffsetC)}",
        "return-b" => $"{Section}:{nameof(ReturnBOffsetC)}",
        _ => throw new ArgumentOutOfRangeException(nameof(sensor), sensor, "not a sensor"),
    };

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(SupplyOffsetC), SupplyOffsetC), (nameof(ReturnOffsetC), ReturnOffsetC), (nameof(ReturnAOffsetC), ReturnAOffsetC),
                     (nameof(ReturnBOffsetC), ReturnBOffsetC),
                 })
        {
            if (!double.IsFinite(value) || Math.Abs(value) > SensorOffsets.MaxC)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{Section}:{name}: {value} is out of range; use -{SensorOffsets.MaxC} to {SensorOffsets.MaxC} C (0 for no calibration).");
            }
        }
    }
}
