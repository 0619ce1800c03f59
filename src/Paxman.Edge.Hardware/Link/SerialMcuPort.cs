using System.IO.Ports;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Hardware.Link;

/// <summary>
/// The MCU's UART at 115200 8N1 through System.IO.Ports. Opened by full path (ptys are not listed by
/// <c>GetPortNames</c>), DTR and RTS off (DTR throws on a pty), input discarded after opening (README, "Notes on this stack").
/// </summary>
public sealed class SerialMcuPort : StreamMcuPort
{
    public const int BaudRate = 115200;

    private readonly SerialPort _port;

    private SerialMcuPort(SerialPort port, TimeProvider time, ILogger logger)
        : base(port.BaseStream, time, logger, ownsStream: false)
    {
        _port = port;
    }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="IOException"/> naming the path if it cannot.</summary>
    public static SerialMcuPort Open(string path, TimeProvider time, ILogger logger) =>
        new(OpenLine(path, TimeSpan.FromMilliseconds(500)), time, logger);

    /// <summary>
    /// Opens the UART at 115200 8N1 with the settings a pty needs too; used by both ends of the link (this port and
    /// the MCU emulator's process).
    /// </summary>
    public static SerialPort OpenLine(string path, TimeSpan readTimeout)
    {
        if (!File.Exists(path))
        {
            // SerialPort reports a missing path as UnauthorizedAccessException, which misleads.
            throw new IOException($"serial port {path} does not exist");
        }

        var port = new SerialPort(path, BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = false,
            RtsEnable = false,
            ReadTimeout = (int)readTimeout.TotalMilliseconds,
            WriteTimeout = 500,
            ReadBufferSize = 4096,
            WriteBufferSize = 4096,
        };
        port.Open();
        port.DiscardInBuffer();
        return port;
    }

    protected override void Dispose(bool disposing)
    {
        // The threads stop first (the read thread wakes within ReadTimeout), then the port closes.
        base.Dispose(disposing);
        if (disposing)
        {
            _port.Dispose();
        }
    }
}
