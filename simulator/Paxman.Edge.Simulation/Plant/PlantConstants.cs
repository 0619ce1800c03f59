namespace Paxman.Edge.Simulation.Plant;

/// <summary>
/// The thermal plant's physical constants. Every value, its source and the equations that use it are in
/// simulator/README.md ("Thermal plant"); change them there too.
/// </summary>
public sealed record PlantConstants
{
    /// <summary>The fixed integration step. The shortest time constant in the model (a sensor, 2 s) is 200 steps.</summary>
    public const int StepMs = 10;

    // Coolant: 25 % propylene glycol in water near 0 C.

    /// <summary>Coolant density, kg/L.</summary>
    public double CoolantDensityKgPerL { get; init; } = 1.02;

    /// <summary>Coolant specific heat, J/(kg K).</summary>
    public double CoolantSpecificHeat { get; init; } = 3930;

    /// <summary>Coolant in the reservoir and pipework when full, L.</summary>
    public double CoolantFullLitres { get; init; } = 2.5;

    /// <summary>The coolant left after a leak (the <c>low-coolant</c> fault), L: below the low-level switch.</summary>
    public double CoolantAfterLeakLitres { get; init; } = 1.2;

    /// <summary>The low-level switch trips below this, L.</summary>
    public double LowLevelLitres { get; init; } = 1.5;

    /// <summary>The empty switch trips below this, L: the pump would run dry.</summary>
    public double EmptyLevelLitres { get; init; } = 0.6;

    /// <summary>Heat capacity of the evaporator, reservoir shell, pump and internal hoses, J/K.</summary>
    public double PipeworkHeatCapacity { get; init; } = 6000;

    /// <summary>Room heat gain through the reservoir's insulation, W/K.</summary>
    public double ReservoirInsulationWPerK { get; init; } = 3.0;

    /// <summary>Pump shaft and motor heat into the coolant while it runs, W.</summary>
    public double PumpHeatW { get; init; } = 12;

    // Refrigeration: capacity at full speed, linear in the coolant temperature between two rated points.

    /// <summary>Full-speed capacity at <see cref="CapacityWarmC"/>, W.</summary>
    public double CapacityWarmW { get; init; } = 600;

    public double CapacityWarmC { get; init; } = 20;

    /// <summary>Full-speed capacity at <see cref="CapacityColdC"/>, W.</summary>
    public double CapacityColdW { get; init; } = 300;

    public double CapacityColdC { get; init; } = -5;

    /// <summary>Below this command the inverter does not run the compressor at all, %.</summary>
    public double CompressorMinRunPct { get; init; } = 20;

    /// <summary>The inverter ramps the speed at this rate, %/s; a stop is immediate.</summary>
    public double CompressorSlewPctPerSecond { get; init; } = 20;

    // Circulation.

    /// <summary>Flow through one open valve and cap, L/min.</summary>
    public double ChannelFlowLpm { get; init; } = 1.2;

    /// <summary>Flow through each channel when both are open (the pump curve sags), L/min.</summary>
    public double ChannelFlowBothOpenLpm { get; init; } = 1.1;

    // Caps.

    /// <summary>A cap's silicone and the coolant inside it and its hose, J/K.</summary>
    public double CapHeatCapacity { get; init; } = 1400;

    /// <summary>Heat from the patient's scalp into a connected cap, W.</summary>
    public double ScalpLoadW { get; init; } = 40;

    /// <summary>Room heat gain through a cap's outer cover while on the patient, W/K.</summary>
    public double CapCoverWPerK { get; init; } = 0.5;

    /// <summary>Heat exchange of a cap with the room while it hangs unplugged, W/K.</summary>
    public double CapUnpluggedWPerK { get; init; } = 1.0;

    // Sensors.

    /// <summary>Time constant of the MCU's coolant temperature sensors, s.</summary>
    public double SensorLagSeconds { get; init; } = 2;

    /// <summary>Time constant of the safety probe (a PT100 in a thermowell), s.</summary>
    public double ProbeLagSeconds { get; init; } = 3;

    /// <summary>Standard deviation of temperature noise, C (each sample independent).</summary>
    public double TemperatureNoiseSigmaC { get; init; } = 0.05;

    /// <summary>Standard deviation of flow noise while coolant flows, L/min.</summary>
    public double FlowNoiseSigmaLpm { get; init; } = 0.02;

    /// <summary>What a shorted supply sensor reads, C (a shorted NTC reads as very hot).</summary>
    public double ShortedSensorC { get; init; } = 150;

    /// <summary>Full-speed refrigeration capacity at coolant temperature <paramref name="coolantC"/>, W (never negative).</summary>
    public double FullSpeedCapacityW(double coolantC)
    {
        var slope = (CapacityWarmW - CapacityColdW) / (CapacityWarmC - CapacityColdC);
        return Math.Max(0, CapacityColdW + (slope * (coolantC - CapacityColdC)));
    }

    /// <summary>Heat carried by <paramref name="litresPerMinute"/> of coolant per kelvin, W/K.</summary>
    public double FlowWPerK(double litresPerMinute) => litresPerMinute / 60.0 * CoolantDensityKgPerL * CoolantSpecificHeat;

    /// <summary>The reservoir node's heat capacity holding <paramref name="litres"/> of coolant, J/K.</summary>
    public double ReservoirHeatCapacity(double litres) => (litres * CoolantDensityKgPerL * CoolantSpecificHeat) + PipeworkHeatCapacity;
}
