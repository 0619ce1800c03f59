namespace Paxman.Edge.Hardware.Link;

/// <summary>Receive-side counts of a port since it opened.</summary>
/// <param name="FramesGood">Frames that passed every check.</param>
/// <param name="FramesRejected">Frames refused by the frame checks or the range checks.</param>
/// <param name="BytesReceived">Bytes read off the line.</param>
public readonly record struct PortCounters(long FramesGood, long FramesRejected, long BytesReceived);
