using System.Globalization;
using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// One MCU fault bit latched (firmware-protocol/protocol.md, "Fault bits"): one condition per bit but host-silent
/// (which the host clears itself), each with its own code, message and latching, so a second latch under an
/// acknowledged one raises its own alarm and a person's acknowledgement clears only its own bit. High priority and
/// the safe state (the MCU is already safe; the host sends SAFE while it is latched). A person clears the latch by
/// acknowledging the alarm once its cause is gone. The reserved bits share one condition, <c>mcu-unknown-fault</c>,
/// so a latch from newer firmware is never silent.
/// </summary>
public sealed class McuLatchCondition : AlarmCondition
{
    /// <summary>The reserved fault bits (8..15), which this host does not know by name.</summary>
    public const McuFaults ReservedBits = (McuFaults)0xFF00;

    private readonly string _code;
    private readonly string _message;
    private McuFaults _latched;
    private bool _cause;
    private TimeSpan? _resetAskedAt;
    private TimeSpan _now;

    /// <summary>A reset the MCU has not carried out this long after a person asked is raised again (the request tries for about 1 s).</summary>
    public static readonly TimeSpan ClearGrace = TimeSpan.FromSeconds(2);

    private McuLatchCondition(McuFaults fault, string code, string message)
    {
        Fault = fault;
        _code = code;
        _message = message;
    }

    /// <summary>One condition per MCU fault bit but host-silent, in bit order, and one for the reserved bits.</summary>
    public static IReadOnlyList<McuLatchCondition> ForEveryFault() =>
    [
        new(McuFaults.OverCooling, "mcu-over-cooling",
            "The chiller stopped itself for over-cooling (coolant below -11 C): acknowledge once the coolant is warmer to restart it."),
        new(McuFaults.SupplySensorRange, "mcu-supply-sensor-range",
            "The chiller stopped itself: its supply sensor reads out of range, open or shorted. Acknowledge once it is repaired to restart it."),
        new(McuFaults.ReturnSensorRange, "mcu-return-sensor-range",
            "The chiller stopped itself: a return sensor reads out of range, open or shorted. Acknowledge once it is repaired to restart it."),
        new(McuFaults.CompressorFault, "mcu-compressor-fault",
            "The chiller stopped itself: the compressor drive reports a fault. Acknowledge once it is fixed to restart it."),
        new(McuFaults.PumpFault, "mcu-pump-fault",
            "The chiller stopped itself: the pump drive reports a fault. Acknowledge once it is fixed to restart it."),
        new(McuFaults.ReservoirEmpty, "mcu-reservoir-empty",
            "The chiller stopped itself: the reservoir is empty. Refill it, then acknowledge to restart it."),
        new(McuFaults.BrownOut, "mcu-brown-out",
            "The chiller stopped itself: its power supply dropped (brown-out). Acknowledge once the supply is steady to restart it."),
        new(ReservedBits, "mcu-unknown-fault",
            string.Create(CultureInfo.InvariantCulture,
                $"The chiller stopped itself for a fault this unit does not know (bits 0x{(ushort)ReservedBits:X4}): call service.")),
    ];

    /// <summary>The fault bit (or bits, for the reserved ones) this condition is about, the latch a person's acknowledgement asks the MCU to clear.</summary>
    public McuFaults Fault { get; }

    public override string Code => _code;

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromMilliseconds(100);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    /// <summary>The bits of <see cref="Fault"/> the MCU holds latched now.</summary>
    public McuFaults Latched => _latched;

    public override string Message => Fault == ReservedBits && _latched != McuFaults.None
        ? string.Create(CultureInfo.InvariantCulture, $"The chiller stopped itself for a fault this unit does not know (bits 0x{(ushort)_latched:X4}): call service.")
        : _message;

    /// <summary>The MCU holds the chiller safe while this bit is latched, whatever the alarm's state.</summary>
    public override bool Holding => _latched != McuFaults.None;

    public override bool PendingReset => _latched != McuFaults.None && !_cause && !(_resetAskedAt is { } asked && _now - asked < ClearGrace);

    /// <summary>A person reset the alarm: the engine asks the MCU to clear this latch; until it clears no new occurrence.</summary>
    public void ResetAsked() => _resetAskedAt = _now;

    /// <summary>The alarm's condition: this latch with its cause still present (a latch whose cause is gone waits for a person's reset).</summary>
    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        _now = context.Now;
        if (!s.HasStatus)
        {
            return _cause;
        }

        var latched = s.McuLatched & Fault;
        if (latched != McuFaults.None && _latched == McuFaults.None)
        {
            Since = context.Now;
        }

        if (latched == McuFaults.None)
        {
            _resetAskedAt = null;
        }

        _latched = latched;
        _cause = (latched & s.McuActive) != McuFaults.None;
        return _cause;
    }
}
