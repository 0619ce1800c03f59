namespace Paxman.Edge.Protocol;

/// <summary>The short reason names of protocol.md and the C codec ("bad-check", ...), for logs and diagnostics.</summary>
public static class FrameRejectionNames
{
    /// <summary>The spec's name of <paramref name="rejection"/>: "too-long", "bad-cobs", "too-short", "bad-check", "unknown-type", "bad-length"; "ok" for none.</summary>
    public static string ToReasonName(this FrameRejection rejection) => rejection switch
    {
        FrameRejection.None => "ok",
        FrameRejection.Oversize => "too-long",
        FrameRejection.CobsInvalid => "bad-cobs",
        FrameRejection.TooShort => "too-short",
        FrameRejection.UnknownType => "unknown-type",
        FrameRejection.WrongLength => "bad-length",
        FrameRejection.CheckMismatch => "bad-check",
        _ => "unknown",
    };
}
