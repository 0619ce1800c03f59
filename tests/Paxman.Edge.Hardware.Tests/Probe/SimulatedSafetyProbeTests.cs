using Microsoft.Extensions.Time.Testing;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Simulation.Board;
using Xunit;

namespace Paxman.Edge.Hardware.Tests.Probe;

/// <summary>The lock-step safety probe: a reading per <see cref="SimulatedSafetyProbe.Sample"/>, no thread.</summary>
public sealed class SimulatedSafetyProbeTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero));
    private double? _celsius = 12.5;

    [Fact]
    public void Latest_BeforeTheFirstSample_IsNoReading()
    {
        var probe = new SimulatedSafetyProbe(() => _celsius, _time);

        Assert.Equal(ProbeReading.None, probe.Latest);
    }

    [Fact]
    public void Sample_Temperature_IsPublishedStampedWithTheClock()
    {
        var probe = new SimulatedSafetyProbe(() => _celsius, _time);
        _time.Advance(TimeSpan.FromSeconds(3));

        var sampled = probe.Sample();

        Assert.Equal(new ProbeReading(12.5, _time.GetTimestamp(), ProbeFault.None), sampled);
        Assert.Equal(sampled, probe.Latest);
    }

    [Fact]
    public void Latest_SourceChangesWithoutASample_KeepsTheLastSample()
    {
        var probe = new SimulatedSafetyProbe(() => _celsius, _time);
        var first = probe.Sample();

        _celsius = 30;
        _time.Advance(TimeSpan.FromSeconds(1));
        var unsampled = probe.Latest;
        var second = probe.Sample();

        Assert.Equal(first, unsampled);
        Assert.Equal(30, second.Celsius);
        Assert.Equal(TimeSpan.FromSeconds(1), _time.GetElapsedTime(first.Timestamp, second.Timestamp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    public void Sample_NoTemperature_IsASensorFault(double? celsius)
    {
        var probe = new SimulatedSafetyProbe(() => _celsius, _time);
        _celsius = celsius;

        probe.Sample();

        Assert.Equal(new ProbeReading(null, _time.GetTimestamp(), ProbeFault.SensorFault), probe.Latest);
    }

    [Fact]
    public void Sample_AfterAFault_RecoversWithTheTemperature()
    {
        var probe = new SimulatedSafetyProbe(() => _celsius, _time);
        _celsius = null;
        probe.Sample();

        _celsius = 5;
        probe.Sample();

        Assert.Equal(ProbeFault.None, probe.Latest.Fault);
        Assert.Equal(5, probe.Latest.Celsius);
    }
}
