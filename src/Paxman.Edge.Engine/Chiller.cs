using Paxman.Edge.Hardware.Link;

namespace Paxman.Edge.Engine;

/// <summary>The engine's side of the chiller: the MCU link over its port (a serial port, or the simulated cable).</summary>
public sealed class Chiller : IDisposable
{
    private readonly IMcuPort _port;

    public Chiller(McuLink link, IMcuPort port)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(port);
        Link = link;
        _port = port;
    }

    public McuLink Link { get; }

    public void Dispose() => _port.Dispose();
}
