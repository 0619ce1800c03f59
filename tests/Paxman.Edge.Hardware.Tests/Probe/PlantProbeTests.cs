using Iot.Device.Max31865;
using Paxman.Edge.Simulation;
using Paxman.Edge.Simulation.Mcu;
using UnitsNet;

namespace Paxman.Edge.Hardware.Tests.Probe;

/// <summary>The real Iot.Device.Bindings MAX31865 driver reads the simulated plant's coolant through the simulated chip.</summary>
public sealed class PlantProbeTests
{
    [Fact]
    public void The_real_binding_reads_the_plants_probe_temperature_as_the_coolant_chills()
    {
        var unit = new SimulatedUnit(new SimulatedUnitOptions());
        unit.Plant.CoolingEnableLine = true;
        using var converter = new Max31865(unit.ProbeConverter, PlatinumResistanceThermometerType.Pt100,
            ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430), ConversionFilterMode.Filter50Hz, shouldDispose: false);

        var readings = new List<(double Truth, double Read)>();
        for (var minute = 0; minute < 25; minute += 5)
        {
            readings.Add((unit.Plant.ProbeElementC, converter.Temperature.DegreesCelsius));
            unit.Plant.Drive(new McuDrive(100, Pump: true, ValveA: false, ValveB: false, Fan: true), 300_000);
        }

        Assert.All(readings, r => Assert.Equal(r.Truth, r.Read, tolerance: 0.05));
        Assert.True(readings[0].Read > 20 && readings[^1].Read < 0, "the reading followed the chill-down from the room to below zero");
        var f = converter.Faults;
        Assert.False(f.HighThreshold || f.LowThreshold || f.ReferenceInHigh || f.ReferenceInLow || f.ResistanceTemperatureDetectorLow || f.OverUnderVoltage);
    }

    [Fact]
    public void Probe_disagree_reaches_the_converters_registers()
    {
        var unit = new SimulatedUnit(new SimulatedUnitOptions());
        using var converter = new Max31865(unit.ProbeConverter, PlatinumResistanceThermometerType.Pt100,
            ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430), ConversionFilterMode.Filter50Hz, shouldDispose: false);
        var before = converter.Temperature.DegreesCelsius;

        unit.Apply(new FaultChange(SimulatedFault.ProbeDisagree, true, OffsetC: 5));

        Assert.Equal(before + 5, converter.Temperature.DegreesCelsius, tolerance: 0.05);
    }
}
