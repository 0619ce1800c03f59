namespace Paxman.Edge.Core.Board;

/// <summary>
/// The Linux board's GPIO lines (logical numbering of the board's GPIO chip) and their electrical sense.
/// Every input is wired so that a broken wire reads as the safe meaning: a cap reads unplugged, STOP reads
/// pressed, the MCU fault line reads faulted.
/// </summary>
public static class BoardPins
{
    /// <summary>Input with pull-up; the cap's plug closes a contact to ground: Low = cap connected.</summary>
    public const int CapSwitchA = 5;

    /// <summary>Input with pull-up; Low = cap connected.</summary>
    public const int CapSwitchB = 6;

    /// <summary>Input with pull-up; a normally-closed contact to ground: High = pressed (or its wire broken).</summary>
    public const int StopButton = 13;

    /// <summary>
    /// Input with pull-down; the MCU drives it High while it runs without a latched fault: Low = fault, and also
    /// when the MCU is unpowered or held in reset, or the wire is broken.
    /// </summary>
    public const int McuFault = 19;

    /// <summary>
    /// Input with pull-down; the cooling-enable relay's mirror contact (a force-guided relay, so it cannot read open
    /// while the load contact is welded shut): High = the relay is closed. A broken wire reads open, which disagrees
    /// with a relay driven closed.
    /// </summary>
    public const int CoolingEnableReadback = 16;

    /// <summary>
    /// Input with pull-down; a current sense in series with the piezo: High = current flows (it sounds). An open
    /// buzzer or a broken wire reads Low while it is driven.
    /// </summary>
    public const int BuzzerSense = 26;

    /// <summary>Output, wired in series with the compressor drive: High = the compressor may run. Low at boot.</summary>
    public const int CoolingEnable = 17;

    /// <summary>Output to the MCU's reset pin: Low holds the MCU in reset; idles High.</summary>
    public const int McuReset = 27;

    /// <summary>Output to an active piezo: High = sounding.</summary>
    public const int Buzzer = 22;

    /// <summary>Output, status beacon green: High = lit.</summary>
    public const int BeaconGreen = 23;

    /// <summary>Output, status beacon amber: High = lit.</summary>
    public const int BeaconAmber = 24;

    /// <summary>Output, status beacon red: High = lit.</summary>
    public const int BeaconRed = 25;

    /// <summary>True for the inputs with a pull-down (the MCU fault line and the two readbacks); the others have pull-ups.</summary>
    public static bool IsPulledDown(int pin) => pin is McuFault or CoolingEnableReadback or BuzzerSense;

    /// <summary>Every input line.</summary>
    public static IReadOnlyList<int> Inputs { get; } = [CapSwitchA, CapSwitchB, StopButton, McuFault, CoolingEnableReadback, BuzzerSense];

    /// <summary>Every output line.</summary>
    public static IReadOnlyList<int> Outputs { get; } = [CoolingEnable, McuReset, Buzzer, BeaconGreen, BeaconAmber, BeaconRed];
}
