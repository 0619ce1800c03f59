using Paxman.Edge.Simulation.Board;
using Paxman.Edge.Simulation.Mcu;
using Paxman.Edge.Simulation.Plant;

namespace Paxman.Edge.Simulation.Continuity;

/// <summary>
/// A simulated unit's whole state (<see cref="SimulatedUnit.Capture"/>), plain and JSON-serialisable, so that a
/// restarted host carries on with the same hardware (<see cref="SimulatedUnit.Restore"/>), as a real unit's
/// chiller keeps running while its host process restarts. Saved by <see cref="SimulatedUnitStore"/>.
/// </summary>
/// <remarks>
/// What it does not hold: the unit's options (plant constants, firmware constants; they come from configuration
/// at restore), a frame half-received by the MCU, and event subscribers. Noise streams are saved whole, so a restored unit goes on with exactly
/// the noise it would have had.
/// </remarks>
public sealed record SimulatedUnitSnapshot
{
    /// <summary>The layout written by this build.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The layout's version; a newer one than <see cref="CurrentVersion"/> is refused.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Real (machine) UTC time when it was saved, set by <see cref="SimulatedUnitStore.Save"/>; the real downtime counts from it.</summary>
    public DateTimeOffset? SavedAt { get; init; }

    /// <summary>The simulated wall clock at device time zero: stamps are <c>Epoch + DeviceTime</c>.</summary>
    public DateTimeOffset Epoch { get; init; }

    /// <summary>The unit's device time (whole milliseconds stepped).</summary>
    public TimeSpan DeviceTime { get; init; }

    /// <summary>Device time handed to the unit but not yet stepped (under a millisecond).</summary>
    public TimeSpan Carry { get; init; }

    public ThermalPlantSnapshot Plant { get; init; } = new();

    public McuEmulatorSnapshot Mcu { get; init; } = new();

    public BoardSnapshot Board { get; init; } = new();

    public CableSnapshot Cable { get; init; } = new();

    /// <summary>What is left of a power cut in progress, ms; 0 = powered.</summary>
    public uint PowerDownLeftMs { get; init; }

    /// <summary>The safety probe's last reading; null before its first.</summary>
    public SavedProbeReading? Probe { get; init; }

    /// <summary>The plant time of the safety probe's next sample, ms.</summary>
    public long NextProbeSampleMs { get; init; }

    /// <summary>A reset pulse the host completed that the MCU has not yet acted on.</summary>
    public bool McuResetPending { get; init; }

    /// <summary>The MCU fault line's state as the unit last set it (true = the MCU signals a fault).</summary>
    public bool McuFaultLine { get; init; }

    /// <summary><c>fault-line-stuck</c> is on: the line reads asserted whatever the MCU does.</summary>
    public bool FaultLineStuck { get; init; }

    /// <summary><c>fault-line-shorted</c> is on: the line reads healthy whatever the MCU does.</summary>
    public bool FaultLineShorted { get; init; }

    /// <summary><c>clock-unsynced</c> is on: the unit's wall clock has lost its synchronisation.</summary>
    public bool ClockUnsynced { get; init; }
}
