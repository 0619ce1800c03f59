namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Hardware</c> (CONTRACT section 1).</summary>
public sealed class HardwareOptions
{
    public const string Section = "Hardware";
    public const string DefaultSerialPort = "/dev/ttyAMA0";

    public HardwareMode Mode { get; set; } = HardwareMode.Simulated;

    /// <summary>The MCU's serial device in <see cref="HardwareMode.Serial"/> mode.</summary>
    public string SerialPort { get; set; } = DefaultSerialPort;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return $"Hardware:Mode: '{Mode}' is not a mode; use Simulated or Serial.";
        }

        if (Mode == HardwareMode.Serial)
        {
            if (string.IsNullOrWhiteSpace(SerialPort))
            {
                yield return "Hardware:SerialPort: empty; Serial mode needs the MCU's serial device, for example /dev/ttyAMA0.";
            }
            else if (!File.Exists(SerialPort))
            {
                yield return $"Hardware:SerialPort: '{SerialPort}' does not exist; check the MCU cable and the device path.";
            }
        }
    }
}
