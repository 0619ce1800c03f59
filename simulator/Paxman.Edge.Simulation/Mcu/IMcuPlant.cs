namespace Paxman.Edge.Simulation.Mcu;

/// <summary>What the emulated MCU drives and measures: the chiller hardware behind its pins.</summary>
public interface IMcuPlant
{
    /// <summary>Applies the MCU's outputs for the next <paramref name="elapsedMs"/> of device time.</summary>
    void Drive(McuDrive drive, uint elapsedMs);

    /// <summary>Samples every sensor the MCU reads.</summary>
    McuSensorReadings Sample();

    /// <summary>
    /// The compressor drive's speed feedback now, %: read after the period's outputs are set, so STATUS reports the
    /// measured speed of the outputs as driven (firmware-protocol/protocol.md, "0x82 STATUS").
    /// </summary>
    byte CompressorSpeedPct { get; }
}
