using Paxman.Edge.Hardware.Link;

namespace Paxman.Edge.Engine;

/// <summary>
/// The engine's side of the chiller: the MCU link, and in Simulated mode the emulated MCU it talks to, stepped
/// by the engine's own device time so that no timeout depends on how fast the host runs.
/// </summary>
public sealed class Chiller : IDisposable
{
    private readonly IMcuPort _port;
    private readonly Action<TimeSpan>? _stepSimulation;
    private long? _lastStep;

    /// <param name="stepSimulation">Advances the simulated hardware by the device time since the last tick; null on real hardware.</param>
    public Chiller(McuLink link, IMcuPort port, Action<TimeSpan>? stepSimulation)
    {
        ArgumentNullException.ThrowIfNull(link);
        Link = link;
        _port = port;
        _stepSimulation = stepSimulation;
    }

    public McuLink Link { get; }

    /// <summary>Engine step 1: the simulated hardware catches up to <paramref name="now"/>, then frames are drained.</summary>
    public McuLinkStatus Receive(long now, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_stepSimulation is not null)
        {
            if (_lastStep is { } last)
            {
                _stepSimulation(time.GetElapsedTime(last, now));
            }

            _lastStep = now;
        }

        return Link.Receive(now);
    }

    public void Dispose() => _port.Dispose();
}
