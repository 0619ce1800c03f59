using System.Diagnostics;
using System.Globalization;
using System.IO.Ports;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Conformance;

/// <summary>
/// The MCU on the other end of the serial device: bytes out, frames in with the host's receive time. With an MCU
/// command line (<c>--mcu</c>), the runner also owns the MCU's process: its stdin is the bench, and a reset is a
/// restart with a reset reason (conformance/README.md, "Running it").
/// </summary>
internal sealed class McuUnderTest : IDisposable
{
    private readonly SerialPort _port;
    private readonly Thread _reader;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ReceivedFrame> _frames = [];
    private readonly string? _command;
    private readonly string _mcuPort;
    private readonly string _retained;
    private volatile bool _stopping;
    private Process? _process;

    public McuUnderTest(string port, string? command, string? mcuPort)
    {
        _command = command;
        _mcuPort = mcuPort ?? port;
        _retained = Path.Combine(Path.GetTempPath(), $"pxconf-retained-{Environment.ProcessId}");
        File.Delete(_retained);
        _port = new SerialPort(port, 115200, Parity.None, 8, StopBits.One)
        {
            // A pty rejects the modem-control ioctls; a USB serial adapter does not need them either.
            DtrEnable = false,
            RtsEnable = false,
            Handshake = Handshake.None,
            ReadTimeout = 100,
            WriteTimeout = 1000,
        };
        _port.Open();
        _port.DiscardInBuffer();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "conformance-rx" };
        _reader.Start();
    }

    public bool HasBench => _command is not null;

    /// <summary>
    /// For each start since the runner began, whether a lone 0x00 (a delimiter with no frame before it) came before
    /// the MCU's first frame: the boot 0x00 of protocol.md, "Transmitting".
    /// </summary>
    public List<bool> BootDelimiters { get; } = [];

    /// <summary>Host time, ms since the runner started.</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Frames received at or after <paramref name="sinceMs"/> (host time), in order.</summary>
    public List<ReceivedFrame> FramesSince(long sinceMs)
    {
        lock (_frames)
        {
            return _frames.Where(f => f.AtMs >= sinceMs).ToList();
        }
    }

    public void Write(ReadOnlySpan<byte> bytes) => _port.BaseStream.Write(bytes);

    /// <summary>Starts the MCU's process with <paramref name="resetReason"/> and waits for its first STATUS.</summary>
    public void Start(string resetReason, TimeSpan timeout)
    {
        if (_command is null)
        {
            throw new InvalidOperationException("no --mcu command line: the MCU cannot be started or reset here");
        }

        Stop();
        var line = _command.Replace("{port}", _mcuPort, StringComparison.Ordinal)
            .Replace("{retained}", _retained, StringComparison.Ordinal)
            .Replace("{reset_reason}", resetReason, StringComparison.Ordinal);
        var words = Split(line);
        var info = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var w in words.Skip(1))
        {
            info.ArgumentList.Add(w);
        }

        var since = NowMs;
        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {words[0]}");
        // Its event lines are not part of the verdict; drain them so it never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } d)
            {
                Console.Error.WriteLine($"  mcu: {d}");
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!WaitFor(since, IsBootStatus, timeout))
        {
            throw new TimeoutException($"the MCU sent no STATUS with link_id=0 within {timeout.TotalSeconds:0} s of starting");
        }

        // The new boot's first frame is its first STATUS: nobody has asked it anything yet.
        BootDelimiters.Add(FramesSince(since).First(IsBootStatus).AfterLoneDelimiter);
    }

    /// <summary>Sends one bench line to the MCU's stdin.</summary>
    public void Bench(string line)
    {
        if (_process is null)
        {
            throw new InvalidOperationException("no MCU process: bench commands need --mcu");
        }

        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    // A STATUS of a fresh boot: no link yet, a young uptime (frames of the MCU's previous run may still be arriving).
    private static bool IsBootStatus(ReceivedFrame f) =>
        f.Type == "STATUS" && f.Fields["link_id"] == "0" && long.TryParse(f.Fields["uptime_ms"], CultureInfo.InvariantCulture, out var up) && up < 10_000;

    public bool WaitFor(long sinceMs, Func<ReceivedFrame, bool> what, TimeSpan timeout)
    {
        var deadline = NowMs + (long)timeout.TotalMilliseconds;
        while (NowMs < deadline)
        {
            if (FramesSince(sinceMs).Any(what))
            {
                return true;
            }

            Thread.Sleep(5);
        }

        return false;
    }

    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        _stopping = true;
        _reader.Join(1000);
        _port.Dispose();
        File.Delete(_retained);
    }

    private void ReadLoop()
    {
        var buffer = new byte[256];
        var frame = new List<byte>(80);
        var afterLoneDelimiter = false;
        while (!_stopping)
        {
            int n;
            try
            {
                n = _port.BaseStream.Read(buffer, 0, buffer.Length);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                return;
            }

            var at = NowMs;
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != 0)
                {
                    frame.Add(buffer[i]);
                    continue;
                }

                if (frame.Count > 0)
                {
                    Add(at, [.. frame], afterLoneDelimiter);
                    frame.Clear();
                    afterLoneDelimiter = false;
                }
                else
                {
                    afterLoneDelimiter = true;
                }
            }
        }
    }

    private void Add(long at, byte[] encoded, bool afterLoneDelimiter)
    {
        var received = (MessageText.TryFormatWire(encoded, out var text, out var error)
            ? ReceivedFrame.FromText(at, text)
            : ReceivedFrame.Rejected(at, error ?? "framing")) with { AfterLoneDelimiter = afterLoneDelimiter };
        lock (_frames)
        {
            _frames.Add(received);
        }
    }

    // Words of a command line, with "double quotes" for a word with spaces.
    private static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
