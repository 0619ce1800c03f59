using Paxman.Edge.Core.Board;
using Paxman.Edge.Core.Sensing;
using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;

namespace Paxman.Edge.Engine.Sensing;

/// <summary>
/// Engine step 3: one immutable <see cref="PlantSnapshot"/> from the link's STATUS, the board's inputs and the
/// safety probe, in the units the logic reads (degrees Celsius, litres per minute).
/// </summary>
public sealed class SnapshotBuilder
{
    private bool _everLinked;

    /// <summary>A technician's calibration, added to the MCU's temperatures (none by default).</summary>
    public SensorOffsets Offsets { get; set; }

    public PlantSnapshot Build(long timestamp, TimeSpan uptime, in McuLinkStatus link, in BoardInputs board, in ProbeReading probe)
    {
        var fresh = link.State is LinkState.Linked or LinkState.Degraded;
        _everLinked |= fresh;
        var health = link.State switch
        {
            LinkState.Linked or LinkState.Degraded => McuLinkHealth.Linked,
            LinkState.VersionRefused => McuLinkHealth.Refused,
            _ => _everLinked ? McuLinkHealth.Lost : McuLinkHealth.Connecting,
        };
        var s = fresh ? link.LastStatus : null;
        return new PlantSnapshot
        {
            Timestamp = timestamp,
            Uptime = uptime,
            Link = health,
            LinkProblem = link.Problem,
            SupplyC = s is { } a ? Celsius(a.SupplyCc) + Offsets.SupplyC : null,
            SupplyRawCc = s?.SupplyCc ?? ProtocolConstants.TemperatureNotAvailable,
            ReturnC = s is { } b ? Celsius(b.ReturnCc) + Offsets.ReturnC : null,
            ReturnAC = s is { } c ? Celsius(c.ReturnACc) + Offsets.ReturnAC : null,
            ReturnBC = s is { } d ? Celsius(d.ReturnBCc) + Offsets.ReturnBC : null,
            FlowALpm = (s?.FlowAClpm ?? 0) / 100.0,
            FlowBLpm = (s?.FlowBClpm ?? 0) / 100.0,
            Reservoir = s?.Reservoir ?? ReservoirLevel.Ok,
            CompressorActualPct = s?.CompressorActualPct ?? 0,
            McuActive = s?.Active ?? McuFaults.None,
            McuLatched = s?.Latched ?? McuFaults.None,
            Board = board,
            Probe = probe,
        };
    }

    /// <summary>A STATUS temperature (centidegrees) in degrees Celsius, or null for "not available".</summary>
    public static double? Celsius(short centiDegrees) =>
        centiDegrees == ProtocolConstants.TemperatureNotAvailable ? null : centiDegrees / 100.0;
}
