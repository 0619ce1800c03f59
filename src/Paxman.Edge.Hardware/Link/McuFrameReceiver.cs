using Paxman.Edge.Protocol;

namespace Paxman.Edge.Hardware.Link;

/// <summary>Bytes off the line to parsed <see cref="McuFrame"/>s, with the receive counters. Single-threaded.</summary>
public sealed class McuFrameReceiver
{
    private readonly FrameDecoder _decoder = new(FrameDirection.ToHost);
    private long _outOfRange;
    private long _bytes;

    public PortCounters Counters => new(_decoder.FramesGood - _outOfRange, _decoder.FramesRejected + _outOfRange, _bytes);

    public void Receive(ReadOnlySpan<byte> bytes, long receivedAt, Action<McuFrame> deliver)
    {
        _bytes += bytes.Length;
        while (_decoder.TryDecode(ref bytes, out var frame))
        {
            if (McuFrame.TryParse(frame, receivedAt, out var parsed))
            {
                deliver(parsed);
            }
            else
            {
                // A frame that passed the check but carries a host type or an out-of-range field is an MCU bug.
                _outOfRange++;
            }
        }
    }
}
