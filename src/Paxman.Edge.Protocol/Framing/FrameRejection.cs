namespace Paxman.Edge.Protocol;

/// <summary>
/// Why a frame was rejected (protocol.md, "Rejecting a frame"). The checks run in the order
/// too-long, bad-cobs, too-short, bad-check, unknown-type, bad-length; the order only decides which
/// reason is counted. <see cref="FrameRejectionNames.ToReasonName(FrameRejection)"/> gives the spec's names.
/// </summary>
public enum FrameRejection
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>"too-long": more than 65 encoded bytes before the delimiter.</summary>
    Oversize = 1,

    /// <summary>"bad-cobs": the COBS encoding is invalid.</summary>
    CobsInvalid = 2,

    /// <summary>"too-short": the raw frame has fewer than 5 bytes.</summary>
    TooShort = 3,

    /// <summary>"unknown-type": the type is not in the catalogue or not one this side receives.</summary>
    UnknownType = 4,

    /// <summary>"bad-length": the payload length differs from the type's fixed length.</summary>
    WrongLength = 5,

    /// <summary>"bad-check": the stored CRC-32 differs from the CRC-32 of type and payload.</summary>
    CheckMismatch = 6,
}
