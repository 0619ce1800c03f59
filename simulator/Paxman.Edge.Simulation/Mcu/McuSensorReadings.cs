using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>One sample of what the MCU's own sensors read, in the units of the STATUS frame.</summary>
public readonly record struct McuSensorReadings(
    short SupplyCc,
    short ReturnCc,
    short ReturnACc,
    short ReturnBCc,
    ushort FlowAClpm,
    ushort FlowBClpm,
    ReservoirLevel Reservoir,
    byte CompressorActualPct,
    bool CompressorDriveFault,
    bool PumpDriveFault,
    bool BrownOut);
