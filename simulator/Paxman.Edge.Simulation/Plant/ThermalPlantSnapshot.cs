using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Noise;

namespace Paxman.Edge.Simulation.Plant;

/// <summary>
/// Everything a <see cref="ThermalPlant"/> needs to carry on exactly where it was (<see cref="ThermalPlant.Capture"/>,
/// <see cref="ThermalPlant.Restore"/>): every node and sensor temperature, the compressor and its off-timer, the
/// outputs last driven, the faults by contract name, the bench tools and the noise sources. The constants are not
/// part of it: they come with the unit's options.
/// </summary>
public sealed record ThermalPlantSnapshot
{
    /// <summary>The room, C.</summary>
    public double AmbientC { get; init; }

    /// <summary>Device time integrated so far, ms (the compressor's off-timer counts on it).</summary>
    public long ElapsedMs { get; init; }

    /// <summary>Driven time not yet integrated (less than one step), ms.</summary>
    public uint CarryMs { get; init; }

    public bool Powered { get; init; } = true;

    public bool CoolingEnableLine { get; init; } = true;

    public double CoolantLitres { get; init; }

    /// <summary>The reservoir's true temperature (the supply), C.</summary>
    public double ReservoirC { get; init; }

    public double SupplySensorC { get; init; }

    public double MixedReturnSensorC { get; init; }

    public double ProbeSensorC { get; init; }

    /// <summary>Cap A, then cap B.</summary>
    public IReadOnlyList<CapSnapshot> Caps { get; init; } = [];

    /// <summary>The compressor's actual speed, %.</summary>
    public double CompressorPct { get; init; }

    /// <summary>When the compressor last stopped, in <see cref="ElapsedMs"/>; null if it never ran.</summary>
    public long? CompressorStoppedAtMs { get; init; }

    public int CompressorStarts { get; init; }

    public bool PumpRunning { get; init; }

    /// <summary>The MCU's outputs as last driven.</summary>
    public McuDrive Drive { get; init; }

    /// <summary>The plant's faults that are on, by contract name (the cable's are in the unit's snapshot).</summary>
    public IReadOnlyList<ActiveFault> Faults { get; init; } = [];

    /// <summary>What a stuck supply sensor keeps reading, hundredths of C; null unless <c>sensor-stuck</c> is on.</summary>
    public short? StuckSupplyCc { get; init; }

    /// <summary>What a stuck safety probe keeps reading, C; null unless <c>probe-stuck</c> is on.</summary>
    public double? StuckProbeC { get; init; }

    /// <summary>The supply sensor's last reading, hundredths of C (what it sticks at if it sticks next).</summary>
    public short LastSupplyCc { get; init; }

    /// <summary>Bench tool: a precision resistor in place of the supply sensor, C.</summary>
    public double? ForcedSupplyC { get; init; }

    public bool CompressorDriveFault { get; init; }

    public bool PumpDriveFault { get; init; }

    public bool ProbeFailed { get; init; }

    /// <summary>Library level: the compressor's capacity as a fraction of a healthy one's (1 when absent from an older file).</summary>
    public double CompressorCapacityFactor { get; init; } = 1;

    /// <summary>The MCU sensors' noise.</summary>
    public NoiseSourceState SensorNoise { get; init; } = new();

    /// <summary>The safety probe's noise.</summary>
    public NoiseSourceState ProbeNoise { get; init; } = new();
}
