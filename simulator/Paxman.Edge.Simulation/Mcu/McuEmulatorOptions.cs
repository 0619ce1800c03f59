using Paxman.Edge.Protocol;

namespace Paxman.Edge.Simulation.Mcu;

/// <summary>The emulated MCU's firmware constants and its state at boot.</summary>
public sealed record McuEmulatorOptions
{
    /// <summary>The firmware's dead-man, 500..5000 ms (safety.md, "The dead-man").</summary>
    public ushort MaxDurationMs { get; init; } = 2000;

    /// <summary>The unit serial the MCU reports in HELLO_ACK (at most 12 ASCII characters).</summary>
    public string Serial { get; init; } = "PX-SIM-0001";

    public byte FwMajor { get; init; } = 1;

    public byte FwMinor { get; init; }

    public byte FwPatch { get; init; }

    public Capabilities Capabilities { get; init; } = Capabilities.FlowPerChannel | Capabilities.ReservoirLevel | Capabilities.ReturnPerChannel;

    /// <summary>The protocol versions this firmware speaks.</summary>
    public IReadOnlyList<ushort> SupportedVersions { get; init; } = [ProtocolConstants.Version];

    /// <summary>The version it answers with in HELLO_ACK.</summary>
    public ushort ProtoVersion { get; init; } = ProtocolConstants.Version;

    /// <summary>Why this boot happened, reported in HELLO_ACK.</summary>
    public ResetReason ResetReason { get; init; } = ResetReason.PowerOn;

    /// <summary>Latches kept in retained RAM across a reset other than power-on (safety.md, "After a reset").</summary>
    public McuFaults RetainedLatches { get; init; }

    /// <summary>The control period: sensors, debounce, latches, dead-man and outputs run this often.</summary>
    public uint ControlPeriodMs { get; init; } = 10;

    /// <summary>STATUS is sent this often from the MCU's own timer.</summary>
    public uint StatusPeriodMs { get; init; } = 100;
}
