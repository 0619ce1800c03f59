using Paxman.Edge.Core;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation.Tests.Plant;

/// <summary>The closed-form coast of a stopped plant against the plant's own step-by-step integration.</summary>
public sealed class PlantCoastTests
{
    private static readonly McuDrive Stopped = McuDrive.Safe(fan: false);

    [Theory]
    [InlineData(false, 600_000)]
    [InlineData(true, 600_000)]
    [InlineData(true, 7_200_005)]
    public void Coast_StoppedPlant_MatchesStepByStepIntegration(bool capConnected, int milliseconds)
    {
        var coasted = ChilledPlant(capConnected);
        var stepped = ChilledPlant(capConnected);

        coasted.Coast(TimeSpan.FromMilliseconds(milliseconds));
        stepped.Drive(Stopped, (uint)milliseconds);

        var a = coasted.Capture();
        var b = stepped.Capture();
        Assert.Equal(b.ElapsedMs, a.ElapsedMs);
        Assert.Equal(b.CarryMs, a.CarryMs);
        Assert.Equal(b.ReservoirC, a.ReservoirC, 2e-3);
        Assert.Equal(b.SupplySensorC, a.SupplySensorC, 2e-3);
        Assert.Equal(b.MixedReturnSensorC, a.MixedReturnSensorC, 2e-3);
        Assert.Equal(b.ProbeSensorC, a.ProbeSensorC, 2e-3);
        Assert.Equal(b.Caps[0].TemperatureC, a.Caps[0].TemperatureC, 2e-3);
        Assert.Equal(b.Caps[0].ReturnSensorC, a.Caps[0].ReturnSensorC, 2e-3);
        Assert.Equal(b.Caps[1].TemperatureC, a.Caps[1].TemperatureC, 2e-3);
        Assert.Equal(stepped.LastStep.RoomToReservoir, coasted.LastStep.RoomToReservoir, 1e-2);
        Assert.Equal(stepped.LastStep.RoomToCapA, coasted.LastStep.RoomToCapA, 1e-2);
        Assert.Equal(b.CompressorStoppedAtMs, a.CompressorStoppedAtMs);
    }

    [Fact]
    public void Coast_DrawsNoNoise()
    {
        var plant = ChilledPlant(capConnected: false);
        var noise = plant.Capture().SensorNoise;

        plant.Coast(TimeSpan.FromHours(5));

        Assert.Equal(noise.Table, plant.Capture().SensorNoise.Table);
    }

    [Fact]
    public void Coast_CompressorRunning_Throws()
    {
        var plant = new ThermalPlant(new PlantConstants(), 22, seed: 1);
        plant.Drive(new McuDrive(100, Pump: false, ValveA: false, ValveB: false, Fan: true), 1000);

        var e = Assert.Throws<InvalidOperationException>(() => plant.Coast(TimeSpan.FromMinutes(1)));

        Assert.Contains("stopped plant", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coast_PumpRunning_Throws()
    {
        var plant = new ThermalPlant(new PlantConstants(), 22, seed: 1);
        plant.Drive(new McuDrive(0, Pump: true, ValveA: false, ValveB: false, Fan: true), 1000);

        Assert.Throws<InvalidOperationException>(() => plant.Coast(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Coast_PowerCut_CoastsEvenWithThePumpCommanded()
    {
        var plant = ChilledPlant(capConnected: false);
        plant.Drive(new McuDrive(0, Pump: true, ValveA: false, ValveB: false, Fan: true), 10);
        plant.Powered = false;
        var before = plant.ReservoirC;

        plant.Coast(TimeSpan.FromMinutes(10));

        Assert.True(plant.ReservoirC > before);
    }

    // Chilled to about -4 C (a cap on and cold, if asked), then stopped: compressor off, pump off.
    private static ThermalPlant ChilledPlant(bool capConnected)
    {
        var plant = new ThermalPlant(new PlantConstants(), 22, seed: 1);
        plant.SetCapConnected(CapChannel.A, capConnected);
        while (plant.ReservoirC > -4)
        {
            plant.Drive(new McuDrive(100, Pump: true, ValveA: true, ValveB: false, Fan: true), 1000);
        }

        plant.Drive(Stopped, PlantConstants.StepMs);
        return plant;
    }
}
