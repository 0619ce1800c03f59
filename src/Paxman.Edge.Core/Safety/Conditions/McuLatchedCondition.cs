using Paxman.Edge.Core.Alarms;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Core.Safety.Conditions;

/// <summary>
/// The MCU holds a latched fault other than host-silent (which the host clears itself): high priority, with the
/// MCU's reason, and the safe state (the MCU is already safe; the host sends SAFE while it is latched).
/// A person clears the latch by acknowledging the alarm once its condition is gone.
/// </summary>
public sealed class McuLatchedCondition : AlarmCondition
{
    private McuFaults _latched;
    private bool _cause;
    private TimeSpan? _resetAskedAt;
    private TimeSpan _now;

    /// <summary>A reset the MCU has not carried out this long after a person asked is raised again (the request tries for about 1 s).</summary>
    public static readonly TimeSpan ClearGrace = TimeSpan.FromSeconds(2);

    public override string Code => "mcu-latched";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromMilliseconds(100);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    /// <summary>The latches a person's acknowledgement asks the MCU to clear.</summary>
    public McuFaults Latched => _latched;

    public override string Message => $"The chiller stopped itself ({Describe(_latched)}): acknowledge once the cause is fixed to restart it.";

    /// <summary>The MCU holds the chiller safe while it is latched, whatever the alarm's state.</summary>
    public override bool Holding => _latched != McuFaults.None;

    public override bool PendingReset => _latched != McuFaults.None && !_cause && !(_resetAskedAt is { } asked && _now - asked < ClearGrace);

    /// <summary>A person reset the alarm: the engine asks the MCU to clear the latches; until they clear no new occurrence.</summary>
    public void ResetAsked() => _resetAskedAt = _now;

    /// <summary>The alarm's condition: a latch whose cause is still present (a latch whose cause is gone waits for a person's reset).</summary>
    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        _now = context.Now;
        if (!s.HasStatus)
        {
            return _cause;
        }

        var latched = s.McuLatched & ~McuFaults.HostSilent;
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

    private static string Describe(McuFaults faults) => faults switch
    {
        McuFaults.None => "no fault",
        _ => string.Join(", ", Enum.GetValues<McuFaults>().Where(f => f != McuFaults.None && faults.HasFlag(f)).Select(Name)),
    };

    private static string Name(McuFaults fault) => fault switch
    {
        McuFaults.OverCooling => "over-cooling",
        McuFaults.SupplySensorRange => "supply sensor out of range",
        McuFaults.ReturnSensorRange => "return sensor out of range",
        McuFaults.CompressorFault => "compressor drive fault",
        McuFaults.PumpFault => "pump drive fault",
        McuFaults.ReservoirEmpty => "reservoir empty",
        McuFaults.BrownOut => "brown-out",
        _ => fault.ToString(),
    };
}
