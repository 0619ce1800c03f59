using System.Buffers;

namespace Paxman.Edge.Protocol;

/// <summary>
/// One-shot check of one encoded frame (without its delimiter), shared by the streaming decoder and
/// the text tools. Runs every check of protocol.md ("Rejecting a frame") in the spec's order.
/// </summary>
internal static class FrameReader
{
    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="raw"/> (at least <see cref="ProtocolConstants.MaxRawFrame"/>
    /// bytes) and checks it. On success <paramref name="rawLength"/> is the raw frame's length: type,
    /// payload and check.
    /// </summary>
    public static FrameRejection Check(ReadOnlySpan<byte> encoded, FrameDirection accept, Span<byte> raw, out int rawLength)
    {
        rawLength = 0;
        if (encoded.Length > ProtocolConstants.MaxEncodedFrame)
        {
            return FrameRejection.Oversize;
        }

        OperationStatus cobs = Cobs.Decode(encoded, raw[..ProtocolConstants.MaxRawFrame], out int n);
        if (cobs == OperationStatus.DestinationTooSmall)
        {
            return FrameRejection.Oversize;
        }

        if (cobs != OperationStatus.Done)
        {
            return FrameRejection.CobsInvalid;
        }

        if (n < ProtocolConstants.MinRawFrame)
        {
            return FrameRejection.TooShort;
        }

        if (!Crc32Check.IsValid(raw[..n]))
        {
            return FrameRejection.CheckMismatch;
        }

        MessageInfo? info = MessageCatalogue.Find(raw[0]);
        if (info is null || (info.Direction & accept) == 0)
        {
            return FrameRejection.UnknownType;
        }

        if (n - ProtocolConstants.MinRawFrame != info.PayloadLength)
        {
            return FrameRejection.WrongLength;
        }

        rawLength = n;
        return FrameRejection.None;
    }
}
