using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// The host's end of the simulated unit's serial cable, in-process, for Simulated mode and tests: what the host
/// sends reaches the emulated MCU at once (at its current uptime); what the MCU sends is decoded and waits for the
/// next drain. No threads, so a run stepped in lock-step is deterministic.
/// </summary>
public sealed class InProcessMcuPort : IMcuPort
{
    private readonly SimulatedUnit _unit;
    private readonly McuFrameReceiver _receiver = new();
    private readonly List<McuFrame> _inbox = [];

    public InProcessMcuPort(SimulatedUnit unit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(time);
        _unit = unit;
        Action<McuFrame> deliver = _inbox.Add;
        unit.ConnectHost(bytes => _receiver.Receive(bytes, time.GetTimestamp(), deliver));
    }

    public PortCounters Counters => _receiver.Counters;

    public void Send(ReadOnlySpan<byte> wireFrame) => _unit.FromHost(wireFrame);

    public void Drain(List<McuFrame> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.AddRange(_inbox);
        _inbox.Clear();
    }

    public void Dispose()
    {
    }
}
