namespace Paxman.Edge.Simulation.Plant;

/// <summary>
/// The heat flows of one integration step, in watts, positive into the node named last
/// (so <see cref="Refrigeration"/> is heat taken out of the reservoir).
/// </summary>
public readonly record struct PlantHeatFlows(
    double Refrigeration,
    double RoomToReservoir,
    double Pump,
    double ScalpToCapA,
    double ScalpToCapB,
    double RoomToCapA,
    double RoomToCapB,
    double CapAToReservoir,
    double CapBToReservoir)
{
    /// <summary>The net heat entering the plant from outside (room, patients, pump) minus what the compressor removes, W.</summary>
    public double NetIntoPlant => RoomToReservoir + Pump + ScalpToCapA + ScalpToCapB + RoomToCapA + RoomToCapB - Refrigeration;
}
