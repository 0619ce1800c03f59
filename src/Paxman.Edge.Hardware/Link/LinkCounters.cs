namespace Paxman.Edge.Hardware.Link;

/// <summary>Link-health counters (issue: frames good/bad, round-trip time, commands applied vs sent).</summary>
/// <param name="FramesGood">Valid frames received.</param>
/// <param name="FramesRejected">Frames refused by the frame or range checks.</param>
/// <param name="CommandsSent">SET_STATE frames sent.</param>
/// <param name="CommandsAcknowledged">Distinct STATUS acknowledgements of a newer applied cmd_seq.</param>
/// <param name="LastRoundTrip">Send to acknowledging STATUS for the newest acknowledged command.</param>
/// <param name="Handshakes">HELLO_ACKs that opened a link.</param>
/// <param name="ResetPulses">Times the host pulsed the MCU reset line.</param>
public readonly record struct LinkCounters(
    long FramesGood,
    long FramesRejected,
    long CommandsSent,
    long CommandsAcknowledged,
    TimeSpan? LastRoundTrip,
    long Handshakes,
    long ResetPulses);
