using Paxman.Edge.Core;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation.Tests.Plant;

/// <summary>The plant's physics against the bands documented in simulator/README.md ("Thermal plant").</summary>
public sealed class PlantPhysicsTests
{
    private const double AmbientC = 22;
    private static readonly McuDrive FullSpeedNoCap = new(100, Pump: true, ValveA: false, ValveB: false, Fan: true);

    [Fact]
    public void Full_speed_chill_down_from_22_C_with_no_cap_reaches_minus_4_C_in_15_to_30_minutes()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        var seconds = 0;
        while (plant.ReservoirC > -4 && seconds < 3600)
        {
            plant.Drive(FullSpeedNoCap, 1000);
            seconds++;
        }

        Assert.InRange(seconds / 60.0, 15, 30);
    }

    [Fact]
    public void Two_connected_caps_are_held_at_minus_4_C_with_at_least_a_quarter_of_the_capacity_to_spare()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        plant.SetCapConnected(CapChannel.A, true);
        plant.SetCapConnected(CapChannel.B, true);

        // A test-local PI loop holding -4 C; the capacity it needs in steady state is what the caps cost.
        const double setpoint = -4;
        var integral = 60.0;
        var refrigeration = new List<double>();
        var supply = new List<double>();
        for (var second = 0; second < 4 * 3600; second++)
        {
            var error = plant.ReservoirC - setpoint;
            integral = Math.Clamp(integral + (error * 0.5), 0, 100);
            var speed = (byte)Math.Clamp(Math.Round((error * 40) + integral), 20, 100);
            plant.Drive(new McuDrive(speed, Pump: true, ValveA: true, ValveB: true, Fan: true), 1000);
            if (second >= 3 * 3600)
            {
                refrigeration.Add(plant.LastStep.Refrigeration);
                supply.Add(plant.ReservoirC);
            }
        }

        Assert.All(supply, c => Assert.InRange(c, setpoint - 0.3, setpoint + 0.3));
        var spare = 1 - (refrigeration.Average() / plant.Constants.FullSpeedCapacityW(setpoint));
        TestContext.Current.TestOutputHelper?.WriteLine($"two caps at -4 C: {refrigeration.Average():F0} W used, spare capacity {spare:P1}");
        Assert.True(spare >= 0.25, $"spare capacity {spare:P1}");
        Assert.True(spare < 0.6, $"spare capacity {spare:P1} is implausibly large for two patients");
        Assert.InRange(plant.FlowLpm(CapChannel.A), 1.0, 1.5);
        Assert.InRange(plant.CapC(CapChannel.A), setpoint, setpoint + 2);
    }

    [Fact]
    public void With_the_compressor_off_the_coolant_warms_at_the_documented_rate()
    {
        var k = new PlantConstants();
        var plant = new ThermalPlant(k, AmbientC, seed: 1);
        while (plant.ReservoirC > -4)
        {
            plant.Drive(FullSpeedNoCap, 1000);
        }

        var start = plant.ReservoirC;
        var pumpOnly = new McuDrive(0, Pump: true, ValveA: false, ValveB: false, Fan: false);
        plant.Drive(pumpOnly, 60_000);
        var measuredPerMinute = plant.ReservoirC - start;

        // simulator/README.md: dT/dt = (UA_res (T_room - T) + P_pump) / C_res, 0.34 C/min at -4 C in a 22 C room.
        var documented = 60 * ((k.ReservoirInsulationWPerK * (AmbientC - start)) + k.PumpHeatW) / k.ReservoirHeatCapacity(k.CoolantFullLitres);
        Assert.Equal(documented, measuredPerMinute, tolerance: documented * 0.02);
        Assert.InRange(measuredPerMinute, 0.30, 0.38);
        Assert.Equal(0, plant.CompressorPct);
    }

    [Fact]
    public void One_integration_step_conserves_energy()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        plant.SetCapConnected(CapChannel.A, true);
        plant.Drive(new McuDrive(80, Pump: true, ValveA: true, ValveB: false, Fan: true), 300_000);

        var before = plant.StoredHeatJ;
        plant.Step();
        var flows = plant.LastStep;
        var after = plant.StoredHeatJ;

        // What entered minus what the compressor removed is what the nodes stored; the cap-to-reservoir
        // exchange moves heat inside the plant and must cancel out.
        Assert.NotEqual(0, flows.CapAToReservoir);
        Assert.NotEqual(0, flows.Refrigeration);
        var expected = flows.NetIntoPlant * PlantConstants.StepMs / 1000.0;
        Assert.Equal(expected, after - before, tolerance: Math.Abs(expected) * 1e-9);
    }

    [Fact]
    public void Capacity_falls_as_the_coolant_gets_colder_between_the_rated_points()
    {
        var k = new PlantConstants();
        Assert.Equal(600, k.FullSpeedCapacityW(20), precision: 6);
        Assert.Equal(300, k.FullSpeedCapacityW(-5), precision: 6);
        Assert.True(k.FullSpeedCapacityW(0) < k.FullSpeedCapacityW(10));
    }

    [Fact]
    public void A_compressor_losing_capacity_refrigerates_that_fraction_and_is_carried_across_a_restore()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        plant.Drive(FullSpeedNoCap, 60_000);
        var healthy = plant.LastStep.Refrigeration;

        plant.CompressorCapacityFactor = 0.4;
        plant.Drive(FullSpeedNoCap, 10);
        Assert.Equal(healthy * 0.4, plant.LastStep.Refrigeration, tolerance: healthy * 0.01);
        Assert.Equal(0.4, ThermalPlant.Restore(plant.Constants, plant.Capture()).CompressorCapacityFactor);
    }

    [Fact]
    public void The_compressor_respects_its_minimum_run_speed_and_starts_again_whenever_commanded()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        plant.Drive(new McuDrive(10, true, false, false, true), 5000);
        Assert.Equal(0, plant.CompressorPct);

        plant.Drive(new McuDrive(60, true, false, false, true), 5000);
        Assert.Equal(60, plant.CompressorPct, precision: 6);
        Assert.Equal(1, plant.CompressorStarts);

        plant.Drive(new McuDrive(0, true, false, false, true), 1000);
        Assert.Equal(0, plant.CompressorPct);

        // Commanded again 1 s after the stop it starts at once: the host's PidCompressorLaw owns the minimum off
        // time, and the MCU's outputs follow a command within one period (firmware-protocol/protocol.md).
        plant.Drive(new McuDrive(60, true, false, false, true), 10);
        Assert.Equal(20, plant.CompressorPct, precision: 6);
        Assert.Equal(2, plant.CompressorStarts);

        // A stop takes effect the moment it is driven, before any time passes.
        plant.Drive(new McuDrive(0, true, false, false, true), 0);
        Assert.Equal(0, plant.CompressorPct);
    }

    [Fact]
    public void Cooling_enable_low_and_a_power_cut_stop_the_compressor_whatever_the_MCU_drives()
    {
        var plant = new ThermalPlant(new PlantConstants(), AmbientC, seed: 1);
        plant.Drive(FullSpeedNoCap, 10_000);
        Assert.True(plant.CompressorPct > 20);

        plant.CoolingEnableLine = false;
        plant.Drive(FullSpeedNoCap, 100);
        Assert.Equal(0, plant.CompressorPct);
        Assert.True(plant.PumpRunning);

        plant.CoolingEnableLine = true;
        plant.Powered = false;
        var before = plant.ReservoirC;
        plant.Drive(FullSpeedNoCap, 600_000);
        Assert.Equal(0, plant.CompressorPct);
        Assert.False(plant.PumpRunning);
        Assert.True(plant.ReservoirC > before, "without power the coolant warms towards the room");
    }
}
