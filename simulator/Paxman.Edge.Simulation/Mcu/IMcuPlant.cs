namespace Paxman.Edge.Simulation.Mcu;

/// <summary>What the emulated MCU drives and measures: the chiller hardware behind its pins.</summary>
public interface IMcuPlant
{
    /// <summary>Applies the MCU's outputs for the next <paramref name="elapsedMs"/> of device time.</summary>
    void Drive(McuDrive drive, uint elapsedMs);

    /// <summary>Samples every sensor the MCU reads.</summary>
    McuSensorReadings Sample();
}
