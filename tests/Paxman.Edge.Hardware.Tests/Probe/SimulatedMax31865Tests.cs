using Iot.Device.Max31865;
using Paxman.Edge.Simulation.Board;
using UnitsNet;
using Xunit;

namespace Paxman.Edge.Hardware.Tests.Probe;

/// <summary>
/// The simulated MAX31865 at register level, read by the real Iot.Device.Bindings driver: if the emulation
/// answered a register the driver uses wrongly, these readings would be wrong.
/// </summary>
public sealed class SimulatedMax31865Tests
{
    private double _celsius = 20;

    public static TheoryData<double, ResistanceTemperatureDetectorWires> Points()
    {
        var data = new TheoryData<double, ResistanceTemperatureDetectorWires>();
        foreach (var wires in new[] { ResistanceTemperatureDetectorWires.TwoWire, ResistanceTemperatureDetectorWires.ThreeWire })
        {
            foreach (var celsius in new[] { -20.0, -12.3, -5, 0, 4.4, 10, 18.75, 25, 33.3, 40 })
            {
                data.Add(celsius, wires);
            }
        }

        return data;
    }

    [Theory]
    [InlineData(0, 100.0)]
    [InlineData(-20, 92.1599)]
    [InlineData(-100, 60.2558)]
    [InlineData(40, 115.5408)]
    [InlineData(100, 138.5055)]
    public void Resistance_MatchesTheIec60751Table(double celsius, double ohms) =>
        Assert.Equal(ohms, SimulatedMax31865.Resistance(celsius), 0.0001);

    [Theory]
    [MemberData(nameof(Points))]
    public void Binding_ReadsTheSourceTemperature(double celsius, ResistanceTemperatureDetectorWires wires)
    {
        using var device = new SimulatedMax31865(() => _celsius);
        using var converter = Open(device, wires);
        _celsius = celsius;

        var read = converter.Temperature.DegreesCelsius;

        Assert.Equal(celsius, read, 0.05);
        Assert.False(HasFault(converter.Faults));
        Assert.Equal(1, device.Conversions);
    }

    [Fact]
    public void Binding_SourceChangesBetweenReads_FollowsThem()
    {
        using var device = new SimulatedMax31865(() => _celsius);
        using var converter = Open(device, ResistanceTemperatureDetectorWires.ThreeWire);

        var readings = new List<double>();
        foreach (var celsius in new[] { 12.0, -3.5, 36.6, 36.7 })
        {
            _celsius = celsius;
            readings.Add(converter.Temperature.DegreesCelsius);
        }

        Assert.Equal(12.0, readings[0], 0.05);
        Assert.Equal(-3.5, readings[1], 0.05);
        Assert.Equal(36.6, readings[2], 0.05);
        Assert.Equal(36.7, readings[3], 0.05);
        Assert.True(readings[3] > readings[2], "a 0.1 °C rise is resolved (one code is about 0.034 °C)");
    }

    [Fact]
    public void Binding_Open_ReadsFullScaleWithTheHighThresholdFault()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Open };
        using var converter = Open(device, ResistanceTemperatureDetectorWires.TwoWire);

        var read = converter.Temperature.DegreesCelsius;
        var faults = converter.Faults;

        // The driver converts whatever the code is: full scale (429.99 Ω) comes out near 1000 °C, no exception.
        Assert.True(read > 850, $"read {read}");
        Assert.True(faults.HighThreshold);
        Assert.False(faults.LowThreshold);
        Assert.Equal(SimulatedMax31865.FullScale, RtdCode(device, out var faultBit));
        Assert.True(faultBit);
    }

    [Fact]
    public void Binding_Short_ReadsZeroWithTheLowThresholdFault()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Short };
        using var converter = Open(device, ResistanceTemperatureDetectorWires.TwoWire);

        var read = converter.Temperature.DegreesCelsius;
        var faults = converter.Faults;

        Assert.True(read < -200, $"read {read}");
        Assert.True(faults.LowThreshold);
        Assert.False(faults.HighThreshold);
        Assert.Equal(0, RtdCode(device, out var faultBit));
        Assert.True(faultBit);
    }

    [Fact]
    public void Binding_FaultCleared_NextReadIsGoodAndFaultFree()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Open };
        using var converter = Open(device, ResistanceTemperatureDetectorWires.TwoWire);
        _ = converter.Temperature;
        Assert.True(converter.Faults.HighThreshold);

        device.Fault = RtdFault.None;
        _celsius = 7.5;
        var read = converter.Temperature.DegreesCelsius;

        // The driver clears the latched status before each conversion, so the old fault is gone.
        Assert.Equal(7.5, read, 0.05);
        Assert.False(HasFault(converter.Faults));
    }

    [Fact]
    public void Binding_BelowALowThresholdWritten_SeesTheLowThresholdFault()
    {
        using var device = new SimulatedMax31865(() => _celsius);
        using var converter = Open(device, ResistanceTemperatureDetectorWires.ThreeWire);
        var zeroCelsius = SimulatedMax31865.Code(100, 430) << 1;
        device.Write([0x85, (byte)(zeroCelsius >> 8), (byte)zeroCelsius]);

        _celsius = 1;
        _ = converter.Temperature;
        var aboveFaults = converter.Faults;
        _celsius = -1;
        _ = converter.Temperature;
        var belowFaults = converter.Faults;

        Assert.False(aboveFaults.LowThreshold);
        Assert.True(belowFaults.LowThreshold);
    }

    [Fact]
    public void Registers_PowerOnValues()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00 }, ReadFrom(device, 0x00, 8));
    }

    [Fact]
    public void Registers_ThresholdWrites_ReadBackWithAutoIncrement()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        device.Write([0x83, 0x12, 0x34, 0x56, 0x78]);

        Assert.Equal(new byte[] { 0x00, 0x12, 0x34, 0x56, 0x78 }, ReadFrom(device, 0x03, 4));
        Assert.Equal(new byte[] { 0x00, 0x56 }, ReadFrom(device, 0x05, 1));
    }

    [Fact]
    public void Registers_ConfigurationWrite_ReadsBackWithoutTheSelfClearingBits()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        device.Write([0x80, 0xD1]);
        var persistent = ReadFrom(device, 0x00, 1)[1];
        device.Write([0x80, 0xB3]);
        var selfCleared = ReadFrom(device, 0x00, 1)[1];

        // VBIAS, auto, 3-wire, 50 Hz persist; 1-shot (D5) and fault clear (D1) read back 0.
        Assert.Equal(0xD1, persistent);
        Assert.Equal(0x91, selfCleared);
    }

    [Fact]
    public void Registers_ReadOnlyAndInvalidAddresses_WritesChangeNothingAndInvalidReadsFF()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        device.Write([0x81, 0xAA, 0xBB]);
        device.Write([0x87, 0xCC]);
        device.Write([0x88, 0xDD]);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x00 }, ReadFrom(device, 0x01, 2));
        Assert.Equal(new byte[] { 0x00, 0x00, 0xFF, 0xFF }, ReadFrom(device, 0x07, 3));
    }

    [Fact]
    public void Registers_ReadPastTheEnd_LoopsFrom7FTo00()
    {
        using var device = new SimulatedMax31865(() => _celsius);
        device.Write([0x80, 0x11]);

        Assert.Equal(new byte[] { 0x00, 0xFF, 0x11, 0x00 }, ReadFrom(device, 0x7F, 3));
    }

    [Fact]
    public void OneShot_WithoutVbias_ConvertsNothing()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        device.Write([0x80, 0x20]);
        var before = device.Conversions;
        device.Write([0x80, 0xA0]);

        Assert.Equal(0, before);
        Assert.Equal(1, device.Conversions);
    }

    [Fact]
    public void AutoMode_WithVbias_EachRtdReadIsAFreshConversion()
    {
        using var device = new SimulatedMax31865(() => _celsius);
        device.Write([0x80, 0xC0]);

        _celsius = 0;
        var first = RtdCode(device, out _);
        _celsius = 100;
        var second = RtdCode(device, out _);

        Assert.Equal(SimulatedMax31865.Code(100, 430), first);
        Assert.Equal(SimulatedMax31865.Code(SimulatedMax31865.Resistance(100), 430), second);
        Assert.Equal(2, device.Conversions);
    }

    [Fact]
    public void FaultStatus_ClearBit_ClearsTheStatusAndTheRtdFaultBit()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Open };
        device.Write([0x80, 0xA0]);
        var latched = ReadFrom(device, 0x07, 1)[1];
        RtdCode(device, out var faultBitBefore);

        device.Write([0x80, 0x82]);
        var cleared = ReadFrom(device, 0x07, 1)[1];
        var code = RtdCode(device, out var faultBitAfter);

        Assert.Equal(0x80, latched);
        Assert.True(faultBitBefore);
        Assert.Equal(0x00, cleared);
        Assert.False(faultBitAfter);
        Assert.Equal(SimulatedMax31865.FullScale, code);
        Assert.Equal(0x80, ReadFrom(device, 0x00, 1)[1]);
    }

    [Fact]
    public void FaultStatus_ClearBitWithOneShotSet_DoesNotClear()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Short };
        device.Write([0x80, 0xA0]);

        // The datasheet clears only when D5, D3 and D2 are written 0 with D1.
        device.Write([0x80, 0x82 | 0x20]);

        Assert.Equal(0x40, ReadFrom(device, 0x07, 1)[1]);
    }

    [Fact]
    public void FaultStatus_LatchesAfterTheFaultGoes()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Open };
        device.Write([0x80, 0xA0]);
        device.Fault = RtdFault.None;
        device.Write([0x80, 0xA0]);

        Assert.Equal(0x80, ReadFrom(device, 0x07, 1)[1]);
        Assert.True(SimulatedMax31865.FullScale > RtdCode(device, out var faultBit));
        Assert.True(faultBit);
    }

    [Fact]
    public void FaultDetectionCycle_Automatic_OpenSetsRefInHighAndTheBitsSelfClear()
    {
        using var device = new SimulatedMax31865(() => _celsius) { Fault = RtdFault.Open };

        device.Write([0x80, 0x84]);

        Assert.Equal(0x20, ReadFrom(device, 0x07, 1)[1]);
        Assert.Equal(0x80, ReadFrom(device, 0x00, 1)[1]);
    }

    [Fact]
    public void Transfer_BusFailure_Throws()
    {
        using var device = new SimulatedMax31865(() => _celsius) { FailTransfers = true };

        Assert.Throws<IOException>(() => device.Write([0x80, 0x00]));
        Assert.Throws<IOException>(() => new Max31865(device, PlatinumResistanceThermometerType.Pt100,
            ResistanceTemperatureDetectorWires.TwoWire, ElectricResistance.FromOhms(430), shouldDispose: false));
    }

    [Fact]
    public void Transfer_UnequalBuffers_Throws()
    {
        using var device = new SimulatedMax31865(() => _celsius);

        Assert.Throws<ArgumentException>(() => device.TransferFullDuplex(new byte[2], new byte[3]));
    }

    private static Max31865 Open(SimulatedMax31865 device, ResistanceTemperatureDetectorWires wires) =>
        new(device, PlatinumResistanceThermometerType.Pt100, wires, ElectricResistance.FromOhms(430), ConversionFilterMode.Filter50Hz, shouldDispose: false);

    private static bool HasFault(FaultStatus f) =>
        f.HighThreshold || f.LowThreshold || f.ReferenceInHigh || f.ReferenceInLow || f.ResistanceTemperatureDetectorLow || f.OverUnderVoltage;

    /// <summary>The response of one read frame at <paramref name="address"/>: the address byte's slot, then <paramref name="count"/> data bytes.</summary>
    private static byte[] ReadFrom(SimulatedMax31865 device, byte address, int count)
    {
        var write = new byte[count + 1];
        write[0] = address;
        var read = new byte[count + 1];
        device.TransferFullDuplex(write, read);
        return read;
    }

    private static int RtdCode(SimulatedMax31865 device, out bool faultBit)
    {
        var frame = ReadFrom(device, 0x01, 2);
        faultBit = (frame[2] & 1) != 0;
        return ((frame[1] << 8) | frame[2]) >> 1;
    }
}
