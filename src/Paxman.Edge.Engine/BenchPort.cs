using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Protocol;
using Paxman.Edge.Simulation.Board;

namespace Paxman.Edge.Engine;

/// <summary>
/// Bench mode (<c>Hardware:Bench</c>): the MCU's serial port, seen through the STATUS frames it delivers, feeds the
/// simulated board and safety probe that stand in for the unit's own. The simulated board's MCU fault line follows the
/// MCU's latches (as a real MCU drives it), and the simulated probe reads the supply temperature the MCU last reported,
/// once a second, so the host's cross-checks (fault line, probe disagree, probe stale) hold by construction: on a bench
/// they check nothing. Engine thread only, like the port's <see cref="IMcuPort.Drain"/>.
/// </summary>
internal sealed class BenchPort : IMcuPort
{
    private readonly IMcuPort _inner;
    private readonly SimulatedBoardDriver _board;
    private readonly TimeProvider _time;
    private double? _supplyC;
    private long _nextProbeSampleAt = long.MinValue;

    public BenchPort(IMcuPort inner, SimulatedBoardDriver board, TimeProvider time)
    {
        _inner = inner;
        _board = board;
        _time = time;
        Probe = new SimulatedSafetyProbe(() => _supplyC, time);
    }

    /// <summary>The simulated safety probe.</summary>
    public SimulatedSafetyProbe Probe { get; }

    public PortCounters Counters => _inner.Counters;

    public void Send(ReadOnlySpan<byte> wireFrame) => _inner.Send(wireFrame);

    public void Drain(List<McuFrame> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var from = into.Count;
        _inner.Drain(into);
        for (var i = from; i < into.Count; i++)
        {
            if (into[i].Type != MessageType.Status)
            {
                continue;
            }

            var status = into[i].Status;
            _board.SetMcuFault(status.Latched != McuFaults.None);
            if (status.SupplyCc != ProtocolConstants.TemperatureNotAvailable)
            {
                // The probe keeps the last temperature the MCU could read (a failed MCU sensor is the MCU's own alarm).
                _supplyC = status.SupplyCc / 100.0;
            }
        }

        // The real probe's thread reads about once a second.
        var now = _time.GetTimestamp();
        if (_supplyC is not null && now >= _nextProbeSampleAt)
        {
            Probe.Sample();
            _nextProbeSampleAt = now + _time.TimestampFrequency;
        }
    }

    public void Dispose() => _inner.Dispose();
}
