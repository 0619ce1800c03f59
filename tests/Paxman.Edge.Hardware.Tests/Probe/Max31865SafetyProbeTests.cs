using System.Diagnostics;
using Iot.Device.Max31865;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Hardware.Probe;
using Paxman.Edge.Simulation.Board;
using Paxman.Edge.TestKit;
using UnitsNet;
using Xunit;

namespace Paxman.Edge.Hardware.Tests.Probe;

/// <summary>
/// The real probe adapter, its own thread and the real driver over the simulated converter. Reads are paced by
/// fake time, stepped by the test; the reads themselves take real time (the driver sleeps about 75 ms), so the
/// test waits for each with a bounded poll.
/// </summary>
public sealed class Max31865SafetyProbeTests : TestEnvironment
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private readonly SimulatedMax31865 _device;
    private readonly ManualResetEventSlim _gate = new(true);
    private readonly ManualResetEventSlim _inConversion = new(false);
    private volatile string? _readThreadName;
    private double _celsius = 18.5;

    public Max31865SafetyProbeTests()
    {
        _device = new SimulatedMax31865(() =>
        {
            _readThreadName = Thread.CurrentThread.Name;
            _inConversion.Set();
            Assert.True(_gate.Wait(Bound), "the conversion gate was not opened");
            return Volatile.Read(ref _celsius);
        });
    }

    [Fact]
    public async Task Latest_FirstRead_IsPublishedFromTheProbeThreadAndStampedWithTheProbeClock()
    {
        using var probe = Start();

        await Eventually.TrueAsync(() => probe.Latest.Fault != ProbeFault.NoReading, Bound, "a first reading");

        var reading = probe.Latest;
        Assert.Equal(ProbeFault.None, reading.Fault);
        Assert.Equal(18.5, reading.Celsius!.Value, 0.05);
        Assert.Equal(_time.GetTimestamp(), reading.Timestamp);
        Assert.Equal("safety-probe", _readThreadName);
        Assert.True(probe.IsRunning);
    }

    [Fact]
    public async Task Latest_IntervalPasses_ReadsAgainAndFollowsTheTemperature()
    {
        using var probe = Start();
        await FirstReading(probe);

        Volatile.Write(ref _celsius, 4.2);
        await NextReading(probe);
        var second = probe.Latest;
        Volatile.Write(ref _celsius, -7.9);
        await NextReading(probe);
        var third = probe.Latest;

        Assert.Equal(4.2, second.Celsius!.Value, 0.05);
        Assert.Equal(-7.9, third.Celsius!.Value, 0.05);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.GetElapsedTime(second.Timestamp, third.Timestamp));
        Assert.Equal(3, _device.Conversions);
    }

    [Fact]
    public async Task Latest_WhileAReadIsStuckInTheDriver_ReturnsThePreviousReadingAtOnce()
    {
        using var probe = Start();
        var first = await FirstReading(probe);
        _gate.Reset();
        _inConversion.Reset();

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_inConversion.Wait(Bound, TestContext.Current.CancellationToken), "the second read did not start");
        var watch = Stopwatch.StartNew();
        var during = probe.Latest;
        watch.Stop();
        _gate.Set();
        await Eventually.TrueAsync(() => probe.Latest.Timestamp != first.Timestamp, Bound, "the second reading");

        // The read is held in the driver until the gate opens, after this: a Latest that waited for it could not
        // have returned the first reading, and would have taken the whole bound.
        Assert.Equal(first, during);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Latest took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Latest_Open_IsASensorFaultLoggedOnceAndRecoversWhenCleared()
    {
        using var probe = Start();
        await FirstReading(probe);

        _device.Fault = RtdFault.Open;
        var faulted = new List<ProbeReading>();
        for (var i = 0; i < 3; i++)
        {
            await NextReading(probe);
            faulted.Add(probe.Latest);
        }

        _device.Fault = RtdFault.None;
        Volatile.Write(ref _celsius, 21);
        await NextReading(probe);
        var recovered = probe.Latest;

        Assert.All(faulted, r => Assert.Equal(new ProbeReading(null, r.Timestamp, ProbeFault.SensorFault), r));
        Assert.Equal(ProbeFault.None, recovered.Fault);
        Assert.Equal(21, recovered.Celsius!.Value, 0.05);
        var warnings = Logs.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("RTD high threshold", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, Logs.Entries.Count(e => e.Level == LogLevel.Information && e.Message.Contains("reading", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Latest_Short_IsASensorFault()
    {
        using var probe = Start();
        await FirstReading(probe);

        _device.Fault = RtdFault.Short;
        await NextReading(probe);

        Assert.Null(probe.Latest.Celsius);
        Assert.Equal(ProbeFault.SensorFault, probe.Latest.Fault);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("RTD low threshold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latest_ShortThroughLeadResistance_NoConverterFaultBitButOutOfRange_IsASensorFault()
    {
        using var probe = Start();
        await FirstReading(probe);

        // -240 °C is 0.91 Ω: what a shorted element reads through about an ohm of lead. Code 69 is above the
        // power-on low threshold (0), so the converter flags nothing; only the adapter's range check can.
        Volatile.Write(ref _celsius, -240);
        await NextReading(probe);

        Assert.Equal(ProbeFault.SensorFault, probe.Latest.Fault);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("converter faults none", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latest_ConverterFlagsAFaultAtAPlausibleTemperature_IsASensorFault()
    {
        using var probe = Start();
        await FirstReading(probe);

        // A high threshold at 30 °C: 35 °C is a fine PT100 temperature, but the converter flags it.
        var threshold = SimulatedMax31865.Code(SimulatedMax31865.Resistance(30), 430) << 1;
        _device.Write([0x83, (byte)(threshold >> 8), (byte)threshold]);
        Volatile.Write(ref _celsius, 35);
        await NextReading(probe);

        Assert.Equal(ProbeFault.SensorFault, probe.Latest.Fault);
        Assert.Null(probe.Latest.Celsius);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("RTD high threshold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latest_BusFails_IsReadFailedAndRecovers()
    {
        using var probe = Start();
        await FirstReading(probe);

        _device.FailTransfers = true;
        await NextReading(probe);
        var failed = probe.Latest;
        _device.FailTransfers = false;
        await NextReading(probe);

        Assert.Equal(new ProbeReading(null, failed.Timestamp, ProbeFault.ReadFailed), failed);
        Assert.Equal(ProbeFault.None, probe.Latest.Fault);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("simulated SPI transfer failure", StringComparison.Ordinal));
        Assert.True(probe.IsRunning);
    }

    [Fact]
    public async Task Dispose_StopsTheThreadWithinASecondAndReleasesTheDevice()
    {
        var probe = Start();
        await FirstReading(probe);

        var watch = Stopwatch.StartNew();
        probe.Dispose();
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.False(probe.IsRunning);
        Assert.Throws<ObjectDisposedException>(() => _device.Write([0x80, 0x00]));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _device.Conversions);
    }

    [Fact]
    public async Task Dispose_DuringARead_StopsWithinASecondOfTheReadEnding()
    {
        var probe = Start();
        await FirstReading(probe);
        _gate.Reset();
        _inConversion.Reset();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_inConversion.Wait(Bound, TestContext.Current.CancellationToken), "the second read did not start");

        var disposing = Task.Run(probe.Dispose, TestContext.Current.CancellationToken);
        var watch = Stopwatch.StartNew();
        _gate.Set();
        await disposing.WaitAsync(Bound, TestContext.Current.CancellationToken);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.False(probe.IsRunning);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Set();
            _device.Dispose();
            _gate.Dispose();
            _inConversion.Dispose();
        }

        base.Dispose(disposing);
    }

    private Max31865SafetyProbe Start() =>
        new(_device, PlatinumResistanceThermometerType.Pt100, ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430),
            _time, LoggerFor<Max31865SafetyProbe>());

    private static async Task<ProbeReading> FirstReading(Max31865SafetyProbe probe)
    {
        await Eventually.TrueAsync(() => probe.Latest.Fault != ProbeFault.NoReading, Bound, "a first reading");
        return probe.Latest;
    }

    /// <summary>Steps fake time by one read interval and waits for the reading that tick brings.</summary>
    private async Task NextReading(Max31865SafetyProbe probe)
    {
        var previous = probe.Latest.Timestamp;
        _time.Advance(Max31865SafetyProbe.DefaultReadInterval);
        await Eventually.TrueAsync(() => probe.Latest.Timestamp != previous, Bound, "the next reading");
    }
}
