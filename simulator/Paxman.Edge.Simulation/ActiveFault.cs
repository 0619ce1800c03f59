using Paxman.Edge.Core;

namespace Paxman.Edge.Simulation;

/// <summary>
/// One fault that is on, by its contract name and with the parameters the API takes for it (a saved unit lists
/// them this way, so the file reads as the faults a person injected).
/// </summary>
public sealed record ActiveFault
{
    /// <summary>The fault's name (<see cref="SimulatedFaults.Names"/>), for example <c>flow-block</c>.</summary>
    public string Fault { get; init; } = string.Empty;

    /// <summary><c>A</c> or <c>B</c> for <c>flow-block</c> and <c>flow-sensor-stuck</c>; null otherwise.</summary>
    public string? Channel { get; init; }

    /// <summary>The bit error rate of <c>link-noise</c>; null otherwise.</summary>
    public double? Ber { get; init; }

    /// <summary>The offset of <c>probe-disagree</c>, C; null otherwise.</summary>
    public double? OffsetC { get; init; }

    /// <summary>The fault as the change that switches it on.</summary>
    public static ActiveFault From(FaultChange change) => new()
    {
        Fault = change.Fault.Name(),
        Channel = change.Channel is { } channel ? CapChannels.Name(channel) : null,
        Ber = change.BitErrorRate,
        OffsetC = change.OffsetC,
    };

    /// <summary>The change that switches this fault on, or why there is none.</summary>
    public bool TryToChange(out FaultChange change, out string problem) =>
        SimulatedFaults.TryCreate(Fault, active: true, Channel, Ber, OffsetC, out change, out problem);
}
