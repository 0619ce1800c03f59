namespace Paxman.Edge.Protocol;

/// <summary>ERROR.code (protocol.md, "0x85 ERROR").</summary>
public enum ErrorCode : byte
{
    /// <summary>1: HELLO's host_proto_version is not supported; no link made.</summary>
    UnsupportedVersion = 1,

    /// <summary>2: link_id is not the current link; the host must send HELLO.</summary>
    WrongLink = 2,

    /// <summary>3: a field is outside its range; nothing applied.</summary>
    OutOfRange = 3,

    /// <summary>4: no HELLO since the MCU started; the host must send HELLO.</summary>
    NoLink = 4,

    /// <summary>5: SET_STATE with mode COOL while a latch holds the outputs safe.</summary>
    Latched = 5,
}
