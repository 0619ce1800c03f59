namespace Paxman.Edge.Simulation.Plant;

/// <summary>One cap's node in a <see cref="ThermalPlantSnapshot"/>.</summary>
public sealed record CapSnapshot
{
    /// <summary>Plugged into the unit and on a patient's head.</summary>
    public bool Connected { get; init; }

    /// <summary>The cap's true temperature, C.</summary>
    public double TemperatureC { get; init; }

    /// <summary>The channel's return sensor (lagged), C.</summary>
    public double ReturnSensorC { get; init; }

    /// <summary>Coolant flowing through the channel in the last step, L/min.</summary>
    public double FlowLpm { get; init; }

    /// <summary>A partial restriction of the hose (library-level), 0..1; 1 = none.</summary>
    public double FlowFactor { get; init; } = 1;
}
