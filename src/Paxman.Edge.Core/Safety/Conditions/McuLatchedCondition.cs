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

    public override string Code => "mcu-latched";

    public override AlarmPriority Priority => AlarmPriority.High;

    public override TimeSpan DetectionTime => TimeSpan.FromMilliseconds(100);

    public override SafetyAction Action => SafetyAction.SafeState;

    public override Interruption InterruptionCause => Interruption.SafetyStop;

    /// <summary>The latches a person's acknowledgement asks the MCU to clear.</summary>
    public McuFaults Latched => _latched;

    public override string Message => $"The chiller stopped itself ({Describe(_latched)}): acknowledge once the cause is fixed to restart it.";

    public override bool Evaluate(in SafetyContext context)
    {
        var s = context.Snapshot;
        if (!s.HasStatus)
        {
            return _latched != McuFaults.None;
        }

        var latched = s.McuLatched & ~McuFaults.HostSilent;
        if (latched != McuFaults.None && _latched == McuFaults.None)
        {
            Since = context.Now;
        }

        _latched = latched;
        return latched != McuFaults.None;
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
