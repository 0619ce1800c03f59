using Paxman.Edge.Core.Journal;
using Paxman.Edge.Core.Time;
using Paxman.Edge.Core.Control;
using Paxman.Edge.Core.Safety;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Engine;

/// <summary>What the engine's logic is tuned with: control, safety and session settings, billing and privacy.</summary>
public sealed record EngineOptions
{
    public ControlOptions Control { get; init; } = new();

    public SafetyOptions Safety { get; init; } = new();

    public SessionOptions Sessions { get; init; } = new();

    /// <summary>The billing rule recorded with each session (<c>Billing:Rule</c>).</summary>
    public string BillingRule { get; init; } = Core.Billing.BillingRules.Default.Name;

    /// <summary><c>Privacy:PatientRefKey</c>: when set, patient references are kept only as their HMAC. A secret.</summary>
    public string? PatientRefKey { get; init; }

    /// <summary>Makes session ids: random UUIDs unless a deterministic source is given (the scenario runner's seed).</summary>
    public Func<string>? NewSessionId { get; init; }

    /// <summary>
    /// Identifies the epoch of the monotonic clock (the board's boot): a restart under the same one measures its outage
    /// on the monotonic clock, under another (a power cut) on the wall clock.
    /// </summary>
    public string BootId { get; init; } = "unknown";

    /// <summary>Whether the wall clock is synchronised (README, "Time the unit can vouch for"); taken as always without one.</summary>
    public IClockSync ClockSync { get; init; } = AlwaysSynchronised.Instance;

    /// <summary>The data partition's space (README, "Space"); without one, no storage alarm and no refusal for space.</summary>
    public IStorageSpaceGauge? StorageSpace { get; init; }

    /// <summary><c>Sensing:*OffsetC</c>: the coolant sensors' calibration, applied from the first tick.</summary>
    public Sensing.SensorOffsets SensorOffsets { get; init; }

    /// <summary>How the compressor follows the temperature; null for the PID of <see cref="Control"/>.</summary>
    public ICompressorLaw? CompressorLaw { get; init; }
}
