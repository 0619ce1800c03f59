namespace Paxman.Edge.Hardware.Link;

/// <summary>The board's MCU reset line (a GPIO output); pulsing it reboots the MCU.</summary>
public interface IMcuResetLine
{
    /// <summary>Holds the line in reset briefly and releases it.</summary>
    void Pulse();
}
