namespace Paxman.Edge.Hardware.Link;

/// <summary>
/// The byte seam between the link logic and whatever carries the frames: a serial port with its read thread,
/// or the in-process emulator stepped in lock-step. Frames are drained by the engine once per tick.
/// </summary>
public interface IMcuPort : IDisposable
{
    /// <summary>Sends one complete wire frame to the MCU. Never blocks the engine for long.</summary>
    void Send(ReadOnlySpan<byte> wireFrame);

    /// <summary>Moves every valid frame received since the last call into <paramref name="into"/>, oldest first.</summary>
    void Drain(List<McuFrame> into);

    /// <summary>Receive-side counters.</summary>
    PortCounters Counters { get; }
}
