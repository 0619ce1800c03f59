namespace Paxman.Edge.Protocol.Tests.Support;

/// <summary>
/// Seeded generator of valid messages of every type. Each field takes an edge value (its minimum,
/// maximum, or one inside them) about half of the time and a uniform value otherwise.
/// </summary>
internal sealed class RandomMessages
{
    private static readonly MessageType[] Types = Enum.GetValues<MessageType>();
    private readonly Random _random;

    public RandomMessages(int seed) => _random = new Random(seed);

    /// <summary><paramref name="perType"/> messages of each type, interleaved.</summary>
    public List<IMessage> Generate(int perType)
    {
        var messages = new List<IMessage>(perType * Types.Length);
        for (int i = 0; i < perType; i++)
        {
            foreach (MessageType type in Types)
            {
                messages.Add(Next(type));
            }
        }

        return messages;
    }

    public IMessage Next(MessageType type) => type switch
    {
        MessageType.Hello => new Hello(U16(0), U16(1), U16(1)),
        MessageType.SetState => new SetState(U16(1), U32(1), (byte)Int(0, 100), (Outputs)Int(0, 0x0F), (CoolingMode)Int(0, 1)),
        MessageType.ClearLatch => new ClearLatch(U16(1), U16(1), Faults(), Int(0, 1) == 1),
        MessageType.GetFaultReport => new GetFaultReport(U16(1), U16(1)),
        MessageType.HelloAck => new HelloAck(
            U16(0), U16(1), U16(1), (byte)Int(0, 255), (byte)Int(0, 255), (byte)Int(0, 255),
            (Capabilities)Int(0, 7), Serial(), (ResetReason)Int(0, 4), (ushort)Int(500, 5000), Faults()),
        MessageType.Status => new Status(
            U16(0), U32(0), U16(0), U32(0), I16(), I16(), I16(), I16(), U16(0), U16(0),
            (ReservoirLevel)Int(0, 2), (byte)Int(0, 100), (Outputs)Int(0, 0x1F), Faults(), Faults()),
        MessageType.FaultReport => new FaultReport(U16(1), Faults(), Faults(), U32(0), U16(0)),
        MessageType.ClearLatchResult => new ClearLatchResult(U16(1), Faults(), Faults()),
        MessageType.Error => new Error((MessageType)Int(1, 4), U16(0), (ErrorCode)Int(1, 5)),
        MessageType.GetVersions => new GetVersions(U16(1)),
        MessageType.Versions => RandomVersions(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    // Uniform in [min, max], or an edge: min, max, min + 1, max - 1.
    private long Int(long min, long max)
    {
        if (_random.Next(2) == 0)
        {
            return _random.Next(4) switch
            {
                0 => min,
                1 => max,
                2 => Math.Min(min + 1, max),
                _ => Math.Max(max - 1, min),
            };
        }

        return _random.NextInt64(min, max + 1);
    }

    private ushort U16(int min) => (ushort)Int(min, ushort.MaxValue);

    // A range the right way up (protocol.md, "0x90 VERSIONS": max_proto_version is not below min_proto_version).
    private Versions RandomVersions()
    {
        var min = U16(1);
        return new Versions(U16(1), min, U16(min));
    }

    private uint U32(int min) => (uint)Int(min, uint.MaxValue);

    // Temperatures also hit the "no reading" value and typical coolant values often.
    private short I16() => _random.Next(4) switch
    {
        0 => ProtocolConstants.TemperatureNotAvailable,
        1 => (short)_random.Next(-3000, 6001),
        _ => (short)Int(short.MinValue, short.MaxValue),
    };

    private McuFaults Faults() => (McuFaults)Int(0, 0xFF);

    private string Serial()
    {
        int length = (int)Int(0, ProtocolConstants.SerialLength);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)_random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }
}
