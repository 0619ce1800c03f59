namespace Paxman.Edge.Simulation;

/// <summary>The faults the simulator can inject (names as in simulator/README.md, "Faults"; see <see cref="SimulatedFaults"/>).</summary>
public enum SimulatedFault
{
    /// <summary><c>sensor-open</c>: the MCU's coolant supply sensor is open ("not available").</summary>
    SensorOpen,

    /// <summary><c>sensor-short</c>: the MCU's supply sensor is shorted (reads far too hot).</summary>
    SensorShort,

    /// <summary><c>sensor-stuck</c>: the MCU's supply sensor keeps one value.</summary>
    SensorStuck,

    /// <summary><c>probe-disagree</c>: the safety probe reads offset from the truth.</summary>
    ProbeDisagree,

    /// <summary><c>pump-fail</c>: the pump does not turn.</summary>
    PumpFail,

    /// <summary><c>compressor-fail</c>: the compressor does not run.</summary>
    CompressorFail,

    /// <summary><c>compressor-stuck</c>: the compressor ignores a stop and keeps running at its minimum speed (a stuck inverter or welded contactor); only the cooling-enable line, in series, still stops it.</summary>
    CompressorStuck,

    /// <summary><c>flow-block</c>: one channel's hose is blocked (needs a channel).</summary>
    FlowBlock,

    /// <summary><c>low-coolant</c>: a leak has taken the reservoir below its low-level switch.</summary>
    LowCoolant,

    /// <summary><c>link-noise</c>: bit errors on the serial link in both directions (needs a bit error rate).</summary>
    LinkNoise,

    /// <summary><c>link-down</c>: the serial cable is cut.</summary>
    LinkDown,

    /// <summary>
    /// <c>link-host-to-mcu-down</c>: only the host's transmit wire is cut: the MCU hears nothing, its STATUS still
    /// reaches the host (a one-way link failure).
    /// </summary>
    LinkHostToMcuDown,

    /// <summary><c>fault-line-stuck</c>: the MCU's fault line to the host reads asserted though the MCU has no latch.</summary>
    FaultLineStuck,

    /// <summary><c>probe-stuck</c>: the safety probe keeps the value it read when the fault began, without noise (a plausible value, unlike <c>probe-disagree</c>).</summary>
    ProbeStuck,

    /// <summary><c>fault-line-shorted</c>: the MCU's fault line reads healthy (shorted to the supply) whatever the MCU signals: the hardware path that backs the link is dead.</summary>
    FaultLineShorted,

    /// <summary><c>relay-welded</c>: the cooling-enable relay's contacts are welded shut: the line to the compressor stays closed (its readback shows it).</summary>
    RelayWelded,

    /// <summary><c>buzzer-open</c>: the buzzer's circuit is open: driven, it is silent and draws no current.</summary>
    BuzzerOpen,

    /// <summary>
    /// <c>flow-sensor-stuck</c>: one channel's flow sensor reads a steady, plausible flow whatever passes (a jammed paddle
    /// wheel, electronics failed in range); with <see cref="FlowBlock"/> it hides a kinked hose (needs a channel).
    /// </summary>
    FlowSensorStuck,

    /// <summary>
    /// <c>clock-unsynced</c>: the unit's wall clock has lost its time synchronisation (NTP unreachable): its records say
    /// <c>clockSynced: false</c>, and after an hour of device time the low-priority <c>clock-unsynced</c> alarm is raised.
    /// </summary>
    ClockUnsynced,
}

/// <summary>One fault switched on or off, as the API and scenario files give it.</summary>
/// <param name="Channel">The channel, for <see cref="SimulatedFault.FlowBlock"/> and <see cref="SimulatedFault.FlowSensorStuck"/> only.</param>
/// <param name="BitErrorRate">For <see cref="SimulatedFault.LinkNoise"/> switched on.</param>
/// <param name="OffsetC">For <see cref="SimulatedFault.ProbeDisagree"/> switched on (default 5 C).</param>
public readonly record struct FaultChange(SimulatedFault Fault, bool Active, Core.CapChannel? Channel = null, double? BitErrorRate = null, double? OffsetC = null);

/// <summary>The names of <see cref="SimulatedFault"/> and the rules of a valid <see cref="FaultChange"/>.</summary>
public static class SimulatedFaults
{
    public const double DefaultProbeOffsetC = 5;
    public const double MaxBitErrorRate = 0.1;

    private static readonly Dictionary<string, SimulatedFault> ByName = new(StringComparer.Ordinal)
    {
        ["sensor-open"] = SimulatedFault.SensorOpen,
        ["sensor-short"] = SimulatedFault.SensorShort,
        ["sensor-stuck"] = SimulatedFault.SensorStuck,
        ["probe-disagree"] = SimulatedFault.ProbeDisagree,
        ["pump-fail"] = SimulatedFault.PumpFail,
        ["compressor-fail"] = SimulatedFault.CompressorFail,
        ["compressor-stuck"] = SimulatedFault.CompressorStuck,
        ["flow-block"] = SimulatedFault.FlowBlock,
        ["low-coolant"] = SimulatedFault.LowCoolant,
        ["link-noise"] = SimulatedFault.LinkNoise,
        ["link-down"] = SimulatedFault.LinkDown,
        ["link-host-to-mcu-down"] = SimulatedFault.LinkHostToMcuDown,
        ["fault-line-stuck"] = SimulatedFault.FaultLineStuck,
        ["probe-stuck"] = SimulatedFault.ProbeStuck,
        ["fault-line-shorted"] = SimulatedFault.FaultLineShorted,
        ["relay-welded"] = SimulatedFault.RelayWelded,
        ["buzzer-open"] = SimulatedFault.BuzzerOpen,
        ["flow-sensor-stuck"] = SimulatedFault.FlowSensorStuck,
        ["clock-unsynced"] = SimulatedFault.ClockUnsynced,
    };

    /// <summary>Every fault name, in the contract's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    public static bool TryParse(string? name, out SimulatedFault fault) => ByName.TryGetValue(name ?? string.Empty, out fault);

    public static string Name(this SimulatedFault fault) => ByName.First(pair => pair.Value == fault).Key;

    /// <summary>
    /// Builds a change from the fields a person typed, or explains in one sentence what is wrong with them.
    /// </summary>
    public static bool TryCreate(string? name, bool active, string? channel, double? bitErrorRate, double? offsetC,
        out FaultChange change, out string problem)
    {
        change = default;
        problem = string.Empty;
        if (!TryParse(name, out var fault))
        {
            problem = $"'{name}' is not a fault; use one of {string.Join(", ", Names)}.";
            return false;
        }

        Core.CapChannel? parsedChannel = null;
        if (fault is SimulatedFault.FlowBlock or SimulatedFault.FlowSensorStuck)
        {
            if (!Core.CapChannels.TryParse(channel, out var ch))
            {
                problem = channel is null ? $"{name} needs a channel, A or B." : $"'{channel}' is not a channel; use A or B.";
                return false;
            }

            parsedChannel = ch;
        }
        else if (channel is not null)
        {
            problem = $"{name} acts on the whole unit; leave out the channel.";
            return false;
        }

        if (bitErrorRate is not null && fault != SimulatedFault.LinkNoise)
        {
            problem = $"ber applies to link-noise only, not to {name}.";
            return false;
        }

        if (offsetC is not null && fault != SimulatedFault.ProbeDisagree)
        {
            problem = $"offsetC applies to probe-disagree only, not to {name}.";
            return false;
        }

        if (fault == SimulatedFault.LinkNoise && active && !(bitErrorRate > 0 && bitErrorRate <= MaxBitErrorRate))
        {
            problem = bitErrorRate is null
                ? "link-noise needs ber, the bit error rate, for example 0.0001."
                : $"ber {bitErrorRate} is out of range; use more than 0 and at most {MaxBitErrorRate}.";
            return false;
        }

        if (offsetC is { } offset && (!double.IsFinite(offset) || Math.Abs(offset) > 50))
        {
            problem = $"offsetC {offset} is out of range; use -50 to 50.";
            return false;
        }

        change = new FaultChange(fault, active, parsedChannel, bitErrorRate, fault == SimulatedFault.ProbeDisagree && active ? offsetC ?? DefaultProbeOffsetC : offsetC);
        return true;
    }
}
