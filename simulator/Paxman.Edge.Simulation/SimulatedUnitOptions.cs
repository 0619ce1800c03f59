using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation;

/// <summary>How a <see cref="SimulatedUnit"/> is built.</summary>
public sealed record SimulatedUnitOptions
{
    /// <summary>Seeds every random choice: sensor noise, link noise. The same seed and inputs give the same trace.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The room, C; the coolant and caps start at it.</summary>
    public double AmbientC { get; init; } = 22;

    /// <summary>The coolant's temperature at start, C; null = the room's. Set it for a unit that was already running.</summary>
    public double? StartCoolantC { get; init; }

    public PlantConstants Plant { get; init; } = new();

    /// <summary>The MCU firmware's constants at its first power-on.</summary>
    public McuEmulatorOptions Mcu { get; init; } = new();
}
