namespace Paxman.Edge.Simulation.Mcu;

/// <summary>The MCU's outputs as driven on its pins.</summary>
/// <param name="CompressorPct">Compressor drive command, 0..100 %.</param>
public readonly record struct McuDrive(byte CompressorPct, bool Pump, bool ValveA, bool ValveB, bool Fan)
{
    /// <summary>Compressor off, pump off, valves closed; the fan as given.</summary>
    public static McuDrive Safe(bool fan) => new(0, false, false, false, fan);
}
