using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.Spi;
using Iot.Device.Max31865;
using Microsoft.Extensions.Logging;
using Paxman.Edge.Core;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Engine.Configuration;
using Paxman.Edge.Hardware.Board;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Hardware.Probe;
using Paxman.Edge.Simulation.Board;
using UnitsNet;

namespace Paxman.Edge.Engine;

/// <summary>
/// The real unit's hardware in Serial mode: the MCU on its serial port, the board's GPIO chip through libgpiod,
/// and the safety probe's MAX31865 on SPI. Opened in that order; the first that fails stops start-up (exit 3)
/// with a line naming its configuration key. With <c>Hardware:Bench</c> only the serial port is real: the board's GPIO
/// and the safety probe are simulated and follow the MCU's STATUS (<see cref="BenchPort"/>).
/// </summary>
public sealed partial class SerialHardware : IDisposable
{
    private readonly GpioController _gpio;
    private readonly IDisposable? _probe;

    private SerialHardware(Chiller chiller, GpioController gpio, BoardIo board, ISafetyProbe probe)
    {
        _gpio = gpio;
        _probe = probe as IDisposable;
        Chiller = chiller;
        Board = board;
        Probe = probe;
    }

    public Chiller Chiller { get; }

    public BoardIo Board { get; }

    public ISafetyProbe Probe { get; }

    public static SerialHardware Open(HardwareOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        SerialMcuPort port;
        try
        {
            port = SerialMcuPort.Open(options.SerialPort, time, loggers.CreateLogger<SerialMcuPort>());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            throw new StartupException($"cannot open the MCU serial port {options.SerialPort}: {ex.Message}; check Hardware:SerialPort", ex);
        }

        if (options.Bench)
        {
            return OpenBench(options, port, time, loggers);
        }

        GpioController? gpio = null;
        BoardIo board;
        try
        {
            gpio = new GpioController(new LibGpiodDriver(options.GpioChip));
            board = new BoardIo(gpio);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            gpio?.Dispose();
            port.Dispose();
            throw new StartupException($"cannot open the board's GPIO chip /dev/gpiochip{options.GpioChip}: {ex.Message}; check Hardware:GpioChip", ex);
        }

        Max31865SafetyProbe probe;
        try
        {
            // MAX31865: SPI mode 1 or 3, at most 5 MHz.
            var spi = SpiDevice.Create(new SpiConnectionSettings(options.ProbeSpiBus, options.ProbeSpiChipSelect) { Mode = SpiMode.Mode1, ClockFrequency = 1_000_000 });
            probe = new Max31865SafetyProbe(spi, PlatinumResistanceThermometerType.Pt100, ResistanceTemperatureDetectorWires.ThreeWire,
                ElectricResistance.FromOhms(430), time, loggers.CreateLogger<Max31865SafetyProbe>());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            board.Dispose();
            gpio.Dispose();
            port.Dispose();
            throw new StartupException(
                $"cannot open the safety probe on /dev/spidev{options.ProbeSpiBus}.{options.ProbeSpiChipSelect}: {ex.Message}; check Hardware:ProbeSpiBus and Hardware:ProbeSpiChipSelect", ex);
        }

        var link = new McuLink(port, board.ResetLine, new McuLinkOptions(), time, new Random(), loggers.CreateLogger<McuLink>());
        return new SerialHardware(new Chiller(link, port), gpio, board, probe);
    }

    // Bench mode: a simulated board and probe around the real serial port. The MCU reset line drives nothing.
    private static SerialHardware OpenBench(HardwareOptions options, SerialMcuPort port, TimeProvider time, ILoggerFactory loggers)
    {
        LogBenchMode(loggers.CreateLogger<SerialHardware>(), options.SerialPort);
        var driver = new SimulatedBoardDriver();
        var gpio = new GpioController(driver);
        var board = new BoardIo(gpio, time: time);
        var bench = new BenchPort(port, driver, time);
        var link = new McuLink(bench, board.ResetLine, new McuLinkOptions(), time, new Random(), loggers.CreateLogger<McuLink>());
        return new SerialHardware(new Chiller(link, bench), gpio, board, bench.Probe);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Bench mode (Hardware:Bench): the MCU on {Port}; the board's GPIO and the safety probe are simulated and follow the MCU. Not for patient use")]
    private static partial void LogBenchMode(ILogger logger, string port);

    public void Dispose()
    {
        _probe?.Dispose();
        Board.Dispose();
        _gpio.Dispose();
        Chiller.Dispose();
    }
}
