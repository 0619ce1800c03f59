using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Paxman.Edge.Hardware.Link;

/// <summary>
/// An <see cref="IMcuPort"/> over any byte <see cref="Stream"/> (a serial port, a pty, a pipe in tests).
/// A read thread decodes frames as they arrive and queues them for the engine; a write thread sends, so the
/// engine never blocks on a full transmit buffer. Only the newest few frames wait to be written: a stale
/// SET_STATE is worthless once a newer one exists.
/// </summary>
public partial class StreamMcuPort : IMcuPort
{
    private const int MaxPendingWrites = 8;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly McuFrameReceiver _receiver = new();
    private readonly ConcurrentQueue<McuFrame> _received = new();
    private readonly BlockingCollection<byte[]> _writes = new(new ConcurrentQueue<byte[]>());
    private readonly Thread _reader;
    private readonly Thread _writer;
    private readonly Lock _counterGate = new();
    private PortCounters _counters;
    private volatile bool _disposed;

    public StreamMcuPort(Stream stream, TimeProvider time, ILogger logger, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        _stream = stream;
        _ownsStream = ownsStream;
        _time = time;
        _logger = logger;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "mcu-link-read" };
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "mcu-link-write" };
        _reader.Start();
        _writer.Start();
    }

    public PortCounters Counters
    {
        get
        {
            lock (_counterGate)
            {
                return _counters;
            }
        }
    }

    public void Send(ReadOnlySpan<byte> wireFrame)
    {
        if (_disposed)
        {
            return;
        }

        while (_writes.Count >= MaxPendingWrites && _writes.TryTake(out _))
        {
            // Drop the oldest: the line is not keeping up and newer state supersedes it.
        }

        _writes.Add(wireFrame.ToArray());
    }

    public void Drain(List<McuFrame> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        while (_received.TryDequeue(out var frame))
        {
            into.Add(frame);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _writes.CompleteAdding();
        if (_ownsStream)
        {
            _stream.Dispose();
        }

        _writer.Join(TimeSpan.FromSeconds(2));
        _reader.Join(TimeSpan.FromSeconds(2));
        _writes.Dispose();
    }

    private void ReadLoop()
    {
        var buffer = new byte[256];
        while (!_disposed)
        {
            int read;
            try
            {
                read = _stream.Read(buffer);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                if (!_disposed)
                {
                    LogReadFailed(_logger, ex.Message);
                }

                return;
            }

            if (read == 0)
            {
                // End of stream: the other side closed. The link logic sees the silence and acts on it.
                return;
            }

            _receiver.Receive(buffer.AsSpan(0, read), _time.GetTimestamp(), _received.Enqueue);
            lock (_counterGate)
            {
                _counters = _receiver.Counters;
            }
        }
    }

    private void WriteLoop()
    {
        try
        {
            foreach (var frame in _writes.GetConsumingEnumerable())
            {
                _stream.Write(frame);
                _stream.Flush();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            if (!_disposed)
            {
                LogWriteFailed(_logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU link read stopped: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCU link write stopped: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string reason);
}
