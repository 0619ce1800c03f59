using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>
/// A placeholder for the thermal plant, which arrives with the simulator issue: NOT a physical model.
/// It only makes the MCU's readings move in the right direction so that the link can be exercised:
/// <list type="bullet">
/// <item>the supply temperature falls by <see cref="FullSpeedCoolingCPerMinute"/> × compressor % / 100 per minute and
/// relaxes towards <see cref="AmbientC"/> with time constant <see cref="LeakTimeConstantMinutes"/>;</item>
/// <item>the return reads 0.5 C above the supply while the pump runs (equal otherwise), each channel's return
/// likewise while its valve is open;</item>
/// <item>flow is 1.20 L/min through an open valve while the pump runs, else 0.</item>
/// </list>
/// Faults are injected by overriding readings (<see cref="SupplyOverrideCc"/>, ...).
/// </summary>
public sealed class PlaceholderCoolant : IMcuPlant
{
    public const double AmbientC = 22;
    public const double FullSpeedCoolingCPerMinute = 2;
    public const double LeakTimeConstantMinutes = 30;

    private double _supplyC = AmbientC;
    private McuDrive _drive = McuDrive.Safe(fan: false);

    /// <summary>When set, the supply sensor reads this (centi-degrees; -32768 = open sensor).</summary>
    public short? SupplyOverrideCc { get; set; }

    public bool CompressorDriveFault { get; set; }

    public bool PumpDriveFault { get; set; }

    public ReservoirLevel Reservoir { get; set; } = ReservoirLevel.Ok;

    public bool BrownOut { get; set; }

    public double SupplyC => _supplyC;

    public void Drive(McuDrive drive, uint elapsedMs)
    {
        _drive = drive;
        var minutes = elapsedMs / 60_000.0;
        _supplyC += minutes * (((AmbientC - _supplyC) / LeakTimeConstantMinutes) - (FullSpeedCoolingCPerMinute * drive.CompressorPct / 100.0));
    }

    public McuSensorReadings Sample()
    {
        var supply = ToCc(_supplyC);
        var ret = _drive.Pump ? ToCc(_supplyC + 0.5) : supply;
        return new McuSensorReadings(
            SupplyOverrideCc ?? supply,
            ret,
            _drive.Pump && _drive.ValveA ? ret : supply,
            _drive.Pump && _drive.ValveB ? ret : supply,
            _drive.Pump && _drive.ValveA ? (ushort)120 : (ushort)0,
            _drive.Pump && _drive.ValveB ? (ushort)120 : (ushort)0,
            Reservoir,
            _drive.CompressorPct,
            CompressorDriveFault,
            PumpDriveFault,
            BrownOut);
    }

    private static short ToCc(double c) => (short)Math.Clamp(Math.Round(c * 100), -32767, 32767);
}
