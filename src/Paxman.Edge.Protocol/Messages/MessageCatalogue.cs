namespace Paxman.Edge.Protocol;

/// <summary>
/// The message catalogue of protocol.md ("Message catalogue") as data: one <see cref="MessageInfo"/>
/// per type with its fields and ranges. The range checks (TryRead, IsValid, the encoder) and the
/// canonical text all use this table, mirroring firmware-protocol/c/src/px_catalogue.c.
/// </summary>
internal static class MessageCatalogue
{
    private const long U16Max = ushort.MaxValue;
    private const long U32Max = uint.MaxValue;

    // Fault masks: only bits 0..7 are defined, 8..15 reserved.
    private const uint FaultReserved = 0xFF00;

    public static readonly MessageInfo Hello = new(MessageType.Hello, "HELLO", FrameDirection.ToMcu, 6,
    [
        new("host_proto_version", FieldKind.U16, 0, 0, U16Max),
        new("link_id", FieldKind.U16, 2, 1, U16Max),
        new("request_id", FieldKind.U16, 4, 1, U16Max),
    ]);

    public static readonly MessageInfo SetState = new(MessageType.SetState, "SET_STATE", FrameDirection.ToMcu, 9,
    [
        new("link_id", FieldKind.U16, 0, 1, U16Max),
        new("cmd_seq", FieldKind.U32, 2, 1, U32Max),
        new("compressor_pct", FieldKind.U8, 6, 0, 100),
        new("outputs", FieldKind.U8, 7, 0, 0xFF, 0xF0), // bits 4..7 must be 0 (compressor-running is STATUS only)
        new("mode", FieldKind.U8, 8, 0, 1),
    ]);

    public static readonly MessageInfo ClearLatch = new(MessageType.ClearLatch, "CLEAR_LATCH", FrameDirection.ToMcu, 7,
    [
        new("link_id", FieldKind.U16, 0, 1, U16Max),
        new("request_id", FieldKind.U16, 2, 1, U16Max),
        new("fault_mask", FieldKind.U16, 4, 0, U16Max, FaultReserved),
        new("by_person", FieldKind.U8, 6, 0, 1),
    ]);

    public static readonly MessageInfo GetFaultReport = new(MessageType.GetFaultReport, "GET_FAULT_REPORT", FrameDirection.ToMcu, 4,
    [
        new("link_id", FieldKind.U16, 0, 1, U16Max),
        new("request_id", FieldKind.U16, 2, 1, U16Max),
    ]);

    // Document version 1.1: a request/answer pair that leaves HELLO, HELLO_ACK and ERROR untouched.
    // Never refused, so ERROR (frozen, request_type 1..4) never has to name it: every request_id is accepted.
    public static readonly MessageInfo GetVersions = new(MessageType.GetVersions, "GET_VERSIONS", FrameDirection.ToMcu, 2,
    [
        new("request_id", FieldKind.U16, 0, 0, U16Max),
    ]);

    public static readonly MessageInfo HelloAck = new(MessageType.HelloAck, "HELLO_ACK", FrameDirection.ToHost, 28,
    [
        new("mcu_proto_version", FieldKind.U16, 0, 0, U16Max),
        new("link_id", FieldKind.U16, 2, 1, U16Max),
        new("request_id", FieldKind.U16, 4, 1, U16Max),
        new("fw_major", FieldKind.U8, 6, 0, 0xFF),
        new("fw_minor", FieldKind.U8, 7, 0, 0xFF),
        new("fw_patch", FieldKind.U8, 8, 0, 0xFF),
        new("capabilities", FieldKind.U16, 9, 0, U16Max, 0xFFF8),
        new("serial", FieldKind.Serial, 11, 0, 0),
        new("reset_reason", FieldKind.U8, 23, 0, 4),
        new("max_duration_ms", FieldKind.U16, 24, 500, 5000),
        new("latched", FieldKind.U16, 26, 0, U16Max, FaultReserved),
    ]);

    public static readonly MessageInfo Status = new(MessageType.Status, "STATUS", FrameDirection.ToHost, 31,
    [
        new("status_seq", FieldKind.U16, 0, 0, U16Max),
        new("uptime_ms", FieldKind.U32, 2, 0, U32Max),
        new("link_id", FieldKind.U16, 6, 0, U16Max), // 0: no link yet
        new("last_applied_cmd_seq", FieldKind.U32, 8, 0, U32Max),
        new("supply_cc", FieldKind.I16, 12, short.MinValue, short.MaxValue),
        new("return_cc", FieldKind.I16, 14, short.MinValue, short.MaxValue),
        new("return_a_cc", FieldKind.I16, 16, short.MinValue, short.MaxValue),
        new("return_b_cc", FieldKind.I16, 18, short.MinValue, short.MaxValue),
        new("flow_a_clpm", FieldKind.U16, 20, 0, U16Max),
        new("flow_b_clpm", FieldKind.U16, 22, 0, U16Max),
        new("reservoir", FieldKind.U8, 24, 0, 2),
        new("compressor_actual_pct", FieldKind.U8, 25, 0, 100),
        new("outputs", FieldKind.U8, 26, 0, 0xFF, 0xE0),
        new("active", FieldKind.U16, 27, 0, U16Max, FaultReserved),
        new("latched", FieldKind.U16, 29, 0, U16Max, FaultReserved),
    ]);

    public static readonly MessageInfo FaultReport = new(MessageType.FaultReport, "FAULT_REPORT", FrameDirection.ToHost, 12,
    [
        new("request_id", FieldKind.U16, 0, 1, U16Max),
        new("latched", FieldKind.U16, 2, 0, U16Max, FaultReserved),
        new("first_fault", FieldKind.U16, 4, 0, U16Max, FaultReserved),
        new("first_fault_uptime_ms", FieldKind.U32, 6, 0, U32Max),
        new("trip_count", FieldKind.U16, 10, 0, U16Max),
    ]);

    public static readonly MessageInfo ClearLatchResult = new(MessageType.ClearLatchResult, "CLEAR_LATCH_RESULT", FrameDirection.ToHost, 6,
    [
        new("request_id", FieldKind.U16, 0, 1, U16Max),
        new("cleared", FieldKind.U16, 2, 0, U16Max, FaultReserved),
        new("still_latched", FieldKind.U16, 4, 0, U16Max, FaultReserved),
    ]);

    public static readonly MessageInfo Error = new(MessageType.Error, "ERROR", FrameDirection.ToHost, 4,
    [
        new("request_type", FieldKind.U8, 0, 1, 4), // only host -> MCU types are ever refused with ERROR
        new("request_id", FieldKind.U16, 1, 0, U16Max), // 0 for SET_STATE, which has none
        new("code", FieldKind.U8, 3, 1, 5),
    ]);

    public static readonly MessageInfo Versions = new(MessageType.Versions, "VERSIONS", FrameDirection.ToHost, 6,
    [
        new("request_id", FieldKind.U16, 0, 0, U16Max),
        new("min_proto_version", FieldKind.U16, 2, 1, U16Max),
        new("max_proto_version", FieldKind.U16, 4, 1, U16Max),
    ]);

    /// <summary>Every type, in catalogue order.</summary>
    public static IReadOnlyList<MessageInfo> All { get; } =
        [Hello, SetState, ClearLatch, GetFaultReport, GetVersions, HelloAck, Status, FaultReport, ClearLatchResult, Error, Versions];

    /// <summary>The catalogue entry of a type byte, or null if the type is not in the catalogue.</summary>
    public static MessageInfo? Find(byte type) => (MessageType)type switch
    {
        MessageType.Hello => Hello,
        MessageType.SetState => SetState,
        MessageType.ClearLatch => ClearLatch,
        MessageType.GetFaultReport => GetFaultReport,
        MessageType.GetVersions => GetVersions,
        MessageType.HelloAck => HelloAck,
        MessageType.Status => Status,
        MessageType.FaultReport => FaultReport,
        MessageType.ClearLatchResult => ClearLatchResult,
        MessageType.Error => Error,
        MessageType.Versions => Versions,
        _ => null,
    };

    /// <summary>The catalogue entry named <paramref name="name"/> ("SET_STATE"), or null.</summary>
    public static MessageInfo? Find(ReadOnlySpan<char> name)
    {
        foreach (MessageInfo info in All)
        {
            if (name.SequenceEqual(info.Name))
            {
                return info;
            }
        }

        return null;
    }

    /// <summary>
    /// The first out-of-range field of <paramref name="message"/> as the receiver would see it on the
    /// wire, or null if it is valid. Validating the written payload keeps one rule set for sender and receiver.
    /// </summary>
    public static string? FirstInvalidField<T>(in T message)
        where T : struct, IMessage
    {
        MessageInfo? info = Find((byte)message.Type);
        if (info is null || message.PayloadLength != info.PayloadLength)
        {
            return "type";
        }

        Span<byte> payload = stackalloc byte[ProtocolConstants.MaxRawFrame];
        message.WritePayload(payload);
        return info.FirstInvalidField(payload[..info.PayloadLength]);
    }

    /// <summary>True if <paramref name="payload"/> has the type's length and every field is in range.</summary>
    public static bool IsValidPayload(MessageInfo info, ReadOnlySpan<byte> payload) =>
        payload.Length == info.PayloadLength && info.FirstInvalidField(payload) is null;
}
