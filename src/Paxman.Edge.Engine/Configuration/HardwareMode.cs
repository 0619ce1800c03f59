namespace Paxman.Edge.Engine.Configuration;

/// <summary>What stands behind the hardware seams.</summary>
public enum HardwareMode
{
    /// <summary>The in-process simulator stands in for all hardware.</summary>
    Simulated,

    /// <summary>The real chiller MCU on a serial port, and the board's GPIO and SPI.</summary>
    Serial,
}
