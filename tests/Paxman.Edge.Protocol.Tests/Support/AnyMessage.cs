namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>Test helpers over all message types (boxing is fine here).</summary>
internal static class AnyMessage
{
    /// <summary>The typed message of a decoded payload, or null if TryRead refuses it.</summary>
    public static IMessage? Read(MessageType type, ReadOnlySpan<byte> payload) => type switch
    {
        MessageType.Hello => Hello.TryRead(payload, out var m) ? m : null,
        MessageType.SetState => SetState.TryRead(payload, out var m) ? m : null,
        MessageType.ClearLatch => ClearLatch.TryRead(payload, out var m) ? m : null,
        MessageType.GetFaultReport => GetFaultReport.TryRead(payload, out var m) ? m : null,
        MessageType.HelloAck => HelloAck.TryRead(payload, out var m) ? m : null,
        MessageType.Status => Status.TryRead(payload, out var m) ? m : null,
        MessageType.FaultReport => FaultReport.TryRead(payload, out var m) ? m : null,
        MessageType.ClearLatchResult => ClearLatchResult.TryRead(payload, out var m) ? m : null,
        MessageType.Error => Error.TryRead(payload, out var m) ? m : null,
        MessageType.GetVersions => GetVersions.TryRead(payload, out var m) ? m : null,
        MessageType.Versions => Versions.TryRead(payload, out var m) ? m : null,
        _ => null,
    };

    /// <summary>Encodes through the generic, allocation-free path of the real type.</summary>
    public static byte[] Encode(IMessage message)
    {
        var wire = new byte[ProtocolConstants.MaxWireFrame];
        int n = message switch
        {
            Hello m => FrameEncoder.Encode(in m, wire),
            SetState m => FrameEncoder.Encode(in m, wire),
            ClearLatch m => FrameEncoder.Encode(in m, wire),
            GetFaultReport m => FrameEncoder.Encode(in m, wire),
            HelloAck m => FrameEncoder.Encode(in m, wire),
            Status m => FrameEncoder.Encode(in m, wire),
            FaultReport m => FrameEncoder.Encode(in m, wire),
            ClearLatchResult m => FrameEncoder.Encode(in m, wire),
            Error m => FrameEncoder.Encode(in m, wire),
            GetVersions m => FrameEncoder.Encode(in m, wire),
            Versions m => FrameEncoder.Encode(in m, wire),
            _ => throw new ArgumentException("unknown message", nameof(message)),
        };
        return wire[..n];
    }

    public static string Format(IMessage message) => message switch
    {
        Hello m => MessageText.Format(in m),
        SetState m => MessageText.Format(in m),
        ClearLatch m => MessageText.Format(in m),
        GetFaultReport m => MessageText.Format(in m),
        HelloAck m => MessageText.Format(in m),
        Status m => MessageText.Format(in m),
        FaultReport m => MessageText.Format(in m),
        ClearLatchResult m => MessageText.Format(in m),
        Error m => MessageText.Format(in m),
        GetVersions m => MessageText.Format(in m),
        Versions m => MessageText.Format(in m),
        _ => throw new ArgumentException("unknown message", nameof(message)),
    };

    /// <summary>Decodes one wire frame with a decoder that accepts both directions, then TryRead.</summary>
    public static IMessage? DecodeWire(ReadOnlySpan<byte> wire)
    {
        var decoder = new FrameDecoder(FrameDirection.Any);
        return decoder.TryDecode(ref wire, out DecodedFrame frame) ? Read(frame.Type, frame.Payload) : null;
    }
}
