using Paxman.Edge.Protocol;

namespace Paxman.Edge.Hardware.Link;

/// <summary>
/// One valid MCU-to-host message, parsed off the read thread and handed to the engine, stamped with the
/// monotonic time it arrived. Only the field of its <see cref="Type"/> is meaningful.
/// </summary>
public readonly record struct McuFrame(
    MessageType Type,
    long ReceivedAt,
    Status Status = default,
    HelloAck HelloAck = default,
    FaultReport FaultReport = default,
    ClearLatchResult ClearLatchResult = default,
    Error Error = default)
{
    /// <summary>Parses a decoded frame; false for host-to-MCU types or out-of-range fields (an MCU bug, counted).</summary>
    public static bool TryParse(in DecodedFrame frame, long receivedAt, out McuFrame parsed)
    {
        parsed = default;
        switch (frame.Type)
        {
            case MessageType.Status when Status.TryRead(frame.Payload, out var status):
                parsed = new McuFrame(frame.Type, receivedAt, Status: status);
                return true;
            case MessageType.HelloAck when HelloAck.TryRead(frame.Payload, out var ack):
                parsed = new McuFrame(frame.Type, receivedAt, HelloAck: ack);
                return true;
            case MessageType.FaultReport when FaultReport.TryRead(frame.Payload, out var report):
                parsed = new McuFrame(frame.Type, receivedAt, FaultReport: report);
                return true;
            case MessageType.ClearLatchResult when ClearLatchResult.TryRead(frame.Payload, out var result):
                parsed = new McuFrame(frame.Type, receivedAt, ClearLatchResult: result);
                return true;
            case MessageType.Error when Error.TryRead(frame.Payload, out var error):
                parsed = new McuFrame(frame.Type, receivedAt, Error: error);
                return true;
            default:
                return false;
        }
    }
}
