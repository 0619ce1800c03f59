namespace Paxman.Edge.Core.Safety;

/// <summary>Configuration section <c>Safety</c>: every threshold of the safety supervisor (README, "Safety").</summary>
public sealed class SafetyOptions
{
    public const string Section = "Safety";

    /// <summary>Supply below this: compressor off, high-priority alarm.</summary>
    public double OverCoolingC { get; set; } = -8;

    /// <summary>Supply below this: the full safe state.</summary>
    public double OverCoolingSafeC { get; set; } = -10;

    /// <summary>Safety probe below this: the full safe state.</summary>
    public double ProbeOverCoolingSafeC { get; set; } = -9;

    /// <summary>While chilling down, the coolant must fall by this much ...</summary>
    public double ChillProgressC { get; set; } = 2;

    /// <summary>... within this window, else "cooling failure".</summary>
    public double ChillProgressSeconds { get; set; } = 300;

    /// <summary>Not ready this long after power-on: a fault.</summary>
    public double ChillDownTimeoutMinutes { get; set; } = 45;

    /// <summary>The compressor's actual speed off its command by more than this ...</summary>
    public double CompressorDeviationPct { get; set; } = 20;

    /// <summary>... for this long: it is not following.</summary>
    public double CompressorDeviationSeconds { get; set; } = 10;

    /// <summary>
    /// Commanded off while the compressor still reports running, and its speed not falling, for this long: it runs
    /// when it should not (stuck at its minimum speed, a welded contactor), and the safe state cuts it through the
    /// cooling-enable line. Shorter than <see cref="CompressorDeviationSeconds"/>: the minimum speed (20 %) is within
    /// the deviation band, so the deviation rule alone would never see it.
    /// </summary>
    public double CompressorRunningWhenOffSeconds { get; set; } = 5;

    /// <summary>Supply above the setpoint by more than this during treatment ...</summary>
    public double WarmAboveSetpointC { get; set; } = 3;

    /// <summary>... for more than this: coolant too warm.</summary>
    public double WarmSeconds { get; set; } = 60;

    /// <summary>No coolant-warm alarm this long after a cap connects (the warm cap's own heat).</summary>
    public double WarmGraceAfterCapMinutes { get; set; } = 5;

    /// <summary>
    /// During treatment after ready, supply samples above setpoint + this add their excess times dt to an accumulated
    /// error; a sample within it resets the error (Klipper's verify_heater <c>hysteresis</c>, turned round).
    /// </summary>
    public double CoolingHysteresisC { get; set; } = 1;

    /// <summary>The accumulated error past which the coolant is not held (<c>coolant-above-setpoint</c>), C s (Klipper's <c>max_error</c>).</summary>
    public double CoolingMaxErrorCSeconds { get; set; } = 300;

    /// <summary>A flowing channel's return must sit at least this far above the supply (its cap warms the coolant) ...</summary>
    public double FlowReturnRiseC { get; set; } = 0.2;

    /// <summary>... or, after this long, coolant is not passing through the cap (<c>flow-unconfirmed</c>).</summary>
    public double FlowReturnSeconds { get; set; } = 30;

    /// <summary>Flow below this on a channel being cooled ...</summary>
    public double FlowLossLpm { get; set; } = 0.3;

    /// <summary>... for this long: flow loss.</summary>
    public double FlowLossSeconds { get; set; } = 5;

    /// <summary>Flow from <see cref="FlowLossLpm"/> up to this ...</summary>
    public double FlowRestrictedLpm { get; set; } = 0.7;

    /// <summary>... for this long: flow restricted.</summary>
    public double FlowRestrictedSeconds { get; set; } = 30;

    /// <summary>The supply sensor's plausible range, C (outside it, or "not available": a sensor fault).</summary>
    public double SensorLowC { get; set; } = -30;

    public double SensorHighC { get; set; } = 60;

    /// <summary>Out of range for this long: a sensor fault.</summary>
    public double SensorRangeSeconds { get; set; } = 1;

    /// <summary>No change at all in the supply reading for this long while the compressor's speed changes: stuck.</summary>
    public double SensorStuckSeconds { get; set; } = 60;

    /// <summary>Supply sensor and safety probe disagreeing by more than this ...</summary>
    public double ProbeDisagreeC { get; set; } = 2;

    /// <summary>... for this long: a sensor fault.</summary>
    public double ProbeDisagreeSeconds { get; set; } = 10;

    /// <summary>No valid probe reading for this long: the probe has failed.</summary>
    public double ProbeStaleSeconds { get; set; } = 5;

    /// <summary>The cooling-enable relay is proved to open (at an idle moment) when it has not been seen open for this long, h.</summary>
    public double RelayProofHours { get; set; } = 24;

    /// <summary>The supply moving this far, C, must be followed by the probe by at least half as much ...</summary>
    public double ProbeFollowC { get; set; } = 1;

    /// <summary>... within this long, s, or the probe is stuck.</summary>
    public double ProbeFollowSeconds { get; set; } = 30;

    /// <summary>The problems with these options, each starting with the key it names.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in Positive())
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                yield return $"Safety:{name}: {value} must be a positive number.";
            }
        }

        if (!(OverCoolingSafeC < OverCoolingC))
        {
            yield return $"Safety:OverCoolingSafeC: {OverCoolingSafeC} must be below Safety:OverCoolingC ({OverCoolingC}).";
        }

        if (!(FlowLossLpm < FlowRestrictedLpm))
        {
            yield return $"Safety:FlowLossLpm: {FlowLossLpm} must be below Safety:FlowRestrictedLpm ({FlowRestrictedLpm}).";
        }

        if (!(SensorLowC < SensorHighC))
        {
            yield return $"Safety:SensorLowC: {SensorLowC} must be below Safety:SensorHighC ({SensorHighC}).";
        }
    }

    private IEnumerable<(string Name, double Value)> Positive() =>
    [
        (nameof(ChillProgressC), ChillProgressC), (nameof(ChillProgressSeconds), ChillProgressSeconds),
        (nameof(ChillDownTimeoutMinutes), ChillDownTimeoutMinutes), (nameof(CompressorDeviationPct), CompressorDeviationPct),
        (nameof(CompressorDeviationSeconds), CompressorDeviationSeconds),
        (nameof(CompressorRunningWhenOffSeconds), CompressorRunningWhenOffSeconds), (nameof(WarmAboveSetpointC), WarmAboveSetpointC),
        (nameof(WarmSeconds), WarmSeconds), (nameof(WarmGraceAfterCapMinutes), WarmGraceAfterCapMinutes),
        (nameof(CoolingHysteresisC), CoolingHysteresisC), (nameof(CoolingMaxErrorCSeconds), CoolingMaxErrorCSeconds),
        (nameof(FlowReturnRiseC), FlowReturnRiseC), (nameof(FlowReturnSeconds), FlowReturnSeconds),
        (nameof(FlowLossLpm), FlowLossLpm), (nameof(FlowLossSeconds), FlowLossSeconds),
        (nameof(FlowRestrictedLpm), FlowRestrictedLpm), (nameof(FlowRestrictedSeconds), FlowRestrictedSeconds),
        (nameof(SensorRangeSeconds), SensorRangeSeconds), (nameof(SensorStuckSeconds), SensorStuckSeconds),
        (nameof(ProbeDisagreeC), ProbeDisagreeC), (nameof(ProbeDisagreeSeconds), ProbeDisagreeSeconds),
        (nameof(ProbeStaleSeconds), ProbeStaleSeconds), (nameof(ProbeFollowC), ProbeFollowC),
        (nameof(ProbeFollowSeconds), ProbeFollowSeconds), (nameof(RelayProofHours), RelayProofHours),
    ];
}
