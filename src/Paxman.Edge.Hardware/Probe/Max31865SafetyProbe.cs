using System.Device.Spi;
using Iot.Device.Max31865;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core.Sensing;
using UnitsNet;

namespace Paxman.Edge.Hardware.Probe;

/// <summary>
/// The safety probe on the board: a PT100 read through a MAX31865 with the Iot.Device.Bindings driver, on a
/// thread of its own. The driver blocks for about 70 ms per read (it sleeps for the bias to settle and for the
/// conversion), which must never land on the engine's tick, so this thread reads once per interval and publishes
/// the newest <see cref="ProbeReading"/> as one reference that <see cref="Latest"/> returns without blocking.
/// </summary>
/// <remarks>
/// <para>The driver does not report faults through its temperature: it never throws for a fault and returns
/// whatever the code converts to (an open RTD reads full scale, several hundred °C; a shorted one about
/// -242 °C). Each read clears the converter's latched fault status first, so the fault status read right after
/// the temperature (<see cref="Max31865.Faults"/>) holds the faults of that conversion. Any fault bit, or a
/// temperature outside the IEC 60751 range a PT100 is specified for (-200 to 850 °C), makes a
/// <see cref="ProbeFault.SensorFault"/> reading. The range check matters: with the converter's power-on
/// thresholds (FFFFh, 0000h) only a dead open or dead short trips a fault bit, while a short through an ohm of lead
/// reads about -240 °C with no fault bit set. An exception from the bus makes a <see cref="ProbeFault.ReadFailed"/> reading.</para>
/// <para>The driver object is made afresh for each read: its constructor writes the configuration register
/// (wires, filter), so a converter that lost its configuration in a brown-out is configured again within one
/// interval instead of reading 3-wire as 2-wire until a restart.</para>
/// <para>Reads are paced by a periodic timer of the <see cref="TimeProvider"/>, so tests step them on fake time.
/// The adapter owns the <see cref="SpiDevice"/> and disposes it after the thread has stopped.</para>
/// </remarks>
public sealed partial class Max31865SafetyProbe : ISafetyProbe, IDisposable
{
    /// <summary>How often the probe is read unless told otherwise.</summary>
    public static readonly TimeSpan DefaultReadInterval = TimeSpan.FromSeconds(1);

    /// <summary>The lowest temperature a PT100 is specified for (IEC 60751); below it a reading is a fault.</summary>
    public const double MinimumCelsius = -200;

    /// <summary>The highest temperature a PT100 is specified for (IEC 60751); above it a reading is a fault.</summary>
    public const double MaximumCelsius = 850;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly SpiDevice _spi;
    private readonly PlatinumResistanceThermometerType _type;
    private readonly ResistanceTemperatureDetectorWires _wires;
    private readonly ElectricResistance _referenceResistor;
    private readonly ConversionFilterMode _filter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _due = new(false);
    private readonly ITimer _timer;
    private readonly Thread _thread;
    private volatile Published _latest = new(ProbeReading.None);
    private ProbeFault _loggedFault = ProbeFault.NoReading;

    // Details of the last fault, for its log line; only touched on the read thread.
    private string _lastFailure = "";
    private FaultStatus? _lastFaults;
    private double _lastFaultCelsius;
    private bool _disposed;

    /// <param name="spiDevice">The converter's SPI device (mode 1 or 3, up to 5 MHz); owned from now on.</param>
    /// <param name="type">The element: <see cref="PlatinumResistanceThermometerType.Pt100"/> on the board.</param>
    /// <param name="wires">How the element is wired to the converter.</param>
    /// <param name="referenceResistor">The converter's reference resistor (430 Ω for a PT100).</param>
    /// <param name="time">The engine's clock: paces the reads and stamps them.</param>
    /// <param name="logger">Logs each change of fault, once.</param>
    /// <param name="readInterval">Time between reads; <see cref="DefaultReadInterval"/> when null.</param>
    /// <param name="filter">The converter's mains-rejection notch: 50 Hz in the UK and Europe, 60 Hz in the Americas.</param>
    public Max31865SafetyProbe(SpiDevice spiDevice, PlatinumResistanceThermometerType type, ResistanceTemperatureDetectorWires wires,
        ElectricResistance referenceResistor, TimeProvider time, ILogger logger, TimeSpan? readInterval = null,
        ConversionFilterMode filter = ConversionFilterMode.Filter50Hz)
    {
        ArgumentNullException.ThrowIfNull(spiDevice);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var interval = readInterval ?? DefaultReadInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(readInterval));
        _spi = spiDevice;
        _type = type;
        _wires = wires;
        _referenceResistor = referenceResistor;
        _filter = filter;
        _time = time;
        _logger = logger;

        // Periodic, so a tick that falls while a read is under way is kept (the event stays set), not lost.
        _timer = time.CreateTimer(static state => ((Max31865SafetyProbe)state!).OnDue(), this, interval, interval);
        _thread = new Thread(Run) { IsBackground = true, Name = "safety-probe" };
        _thread.Start();
    }

    /// <summary>The newest reading; <see cref="ProbeReading.None"/> until the first read completes. Never blocks.</summary>
    public ProbeReading Latest => _latest.Reading;

    /// <summary>Whether the read thread is still running (false once disposed).</summary>
    public bool IsRunning => _thread.IsAlive;

    /// <summary>Stops the read thread (promptly: it is woken, and a read under way takes under 100 ms), then releases the device.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _timer.Dispose();
        if (!_thread.Join(StopTimeout))
        {
            // Stuck in the driver: leave its resources to it rather than pull them from under a read.
            LogStopTimedOut(_logger, StopTimeout.TotalSeconds);
            return;
        }

        _spi.Dispose();
        _due.Dispose();
        _stop.Dispose();
    }

    private void OnDue()
    {
        try
        {
            _due.Set();
        }
        catch (ObjectDisposedException)
        {
            // A tick already under way when Dispose released the event: nobody is waiting for it.
        }
    }

    private void Run()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var reading = ReadOnce();

            // Logged before it is published, so whoever sees a faulted reading finds its log line already written.
            LogIfChanged(reading);
            _latest = new Published(reading);
            try
            {
                _due.Wait(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _due.Reset();
        }
    }

    private ProbeReading ReadOnce()
    {
        double celsius;
        FaultStatus faults;
        try
        {
            using var converter = new Max31865(_spi, _type, _wires, _referenceResistor, _filter, shouldDispose: false);
            celsius = converter.Temperature.DegreesCelsius;
            faults = converter.Faults;
        }
#pragma warning disable CA1031 // The thread must outlive any failure of the driver or the bus: each becomes a ReadFailed reading.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _lastFailure = $"{ex.GetType().Name}: {ex.Message}";
            return new ProbeReading(null, _time.GetTimestamp(), ProbeFault.ReadFailed);
        }

        var now = _time.GetTimestamp();
        if (HasFault(faults) || !double.IsFinite(celsius) || celsius < MinimumCelsius || celsius > MaximumCelsius)
        {
            _lastFaults = faults;
            _lastFaultCelsius = celsius;
            return new ProbeReading(null, now, ProbeFault.SensorFault);
        }

        return new ProbeReading(celsius, now, ProbeFault.None);
    }

    private static bool HasFault(FaultStatus f) =>
        f.HighThreshold || f.LowThreshold || f.ReferenceInHigh || f.ReferenceInLow || f.ResistanceTemperatureDetectorLow || f.OverUnderVoltage;

    private void LogIfChanged(ProbeReading reading)
    {
        if (reading.Fault == _loggedFault)
        {
            return;
        }

        _loggedFault = reading.Fault;
        switch (reading.Fault)
        {
            case ProbeFault.None when reading.Celsius is { } celsius:
                LogReading(_logger, celsius);
                break;
            case ProbeFault.SensorFault:
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    LogSensorFault(_logger, Describe(_lastFaults), _lastFaultCelsius);
                }

                break;
            case ProbeFault.ReadFailed:
                LogReadFailed(_logger, _lastFailure);
                break;
            default:
                break;
        }
    }

    private static string Describe(FaultStatus? f)
    {
        if (f is null)
        {
            return "none";
        }

        var bits = new List<string>(6);
        if (f.HighThreshold)
        {
            bits.Add("RTD high threshold (open?)");
        }

        if (f.LowThreshold)
        {
            bits.Add("RTD low threshold (short?)");
        }

        if (f.ReferenceInHigh)
        {
            bits.Add("REFIN- > 0.85 VBIAS");
        }

        if (f.ReferenceInLow)
        {
            bits.Add("REFIN- < 0.85 VBIAS");
        }

        if (f.ResistanceTemperatureDetectorLow)
        {
            bits.Add("RTDIN- < 0.85 VBIAS");
        }

        if (f.OverUnderVoltage)
        {
            bits.Add("over/undervoltage");
        }

        return bits.Count == 0 ? "none" : string.Join(", ", bits);
    }

    private sealed record Published(ProbeReading Reading);

    [LoggerMessage(Level = LogLevel.Information, Message = "Safety probe reading {Celsius:F2} °C")]
    private static partial void LogReading(ILogger logger, double celsius);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safety probe sensor fault: converter faults {Faults}, raw reading {Celsius:F1} °C; no temperature until it clears")]
    private static partial void LogSensorFault(ILogger logger, string faults, double celsius);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safety probe read failed: {Reason}; no temperature until a read succeeds")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safety probe thread did not stop within {Seconds} s")]
    private static partial void LogStopTimedOut(ILogger logger, double seconds);
}
