namespace Paxman.Edge.Engine.Configuration;

/// <summary>Configuration section <c>Hardware</c> (README, "Configuration").</summary>
public sealed class HardwareOptions
{
    public const string Section = "Hardware";
    public const string DefaultSerialPort = "/dev/ttyAMA0";

    public HardwareMode Mode { get; set; } = HardwareMode.Simulated;

    /// <summary>The MCU's serial device in <see cref="HardwareMode.Serial"/> mode.</summary>
    public string SerialPort { get; set; } = DefaultSerialPort;

    /// <summary>The board's GPIO chip (libgpiod) in <see cref="HardwareMode.Serial"/> mode: <c>/dev/gpiochipN</c>.</summary>
    public int GpioChip { get; set; }

    /// <summary>The SPI bus of the safety probe's MAX31865 in <see cref="HardwareMode.Serial"/> mode.</summary>
    public int ProbeSpiBus { get; set; }

    /// <summary>The chip select of the safety probe's MAX31865 on <see cref="ProbeSpiBus"/>.</summary>
    public int ProbeSpiChipSelect { get; set; }

    /// <summary>
    /// <see cref="HardwareMode.Serial"/> mode on a bench: the MCU (a development board, or pxmcu on a pty) on
    /// <see cref="SerialPort"/>, while the board's GPIO and the safety probe are simulated on the host and follow the MCU's
    /// STATUS (README, "Configuration"). Never on a unit that treats patients: nothing then backs the MCU.
    /// </summary>
    public bool Bench { get; set; }

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return $"Hardware:Mode: '{Mode}' is not a mode; use Simulated or Serial.";
        }

        if (Bench && Mode != HardwareMode.Serial)
        {
            yield return "Hardware:Bench: only with Hardware:Mode=Serial (a real MCU on a serial port, the board and the safety probe simulated).";
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

            if (GpioChip is < 0 or > 15)
            {
                yield return $"Hardware:GpioChip: {GpioChip} is out of range; use the N of /dev/gpiochipN, 0 to 15.";
            }

            if (ProbeSpiBus is < 0 or > 15)
            {
                yield return $"Hardware:ProbeSpiBus: {ProbeSpiBus} is out of range; use the N of /dev/spidevN.M, 0 to 15.";
            }

            if (ProbeSpiChipSelect is < 0 or > 15)
            {
                yield return $"Hardware:ProbeSpiChipSelect: {ProbeSpiChipSelect} is out of range; use the M of /dev/spidevN.M, 0 to 15.";
            }
        }
    }
}
