using Paxman.Edge.Hardware.Link;
using Paxman.Edge.Simulation.Mcu;

namespace Paxman.Edge.Engine.Simulated;

/// <summary>
/// The MCU emulator wired to the link in-process, for Simulated mode and tests: what the host sends is received
/// by the emulator at once (at its current uptime); what the emulator sends is decoded and waits for the next
/// drain. No threads, so a run stepped in lock-step is deterministic.
/// </summary>
public sealed class InProcessMcuPort : IMcuPort
{
    private readonly TimeProvider _time;
    private readonly IMcuPlant _plant;
    private readonly McuFrameReceiver _receiver = new();
    private readonly List<McuFrame> _inbox = [];

    public InProcessMcuPort(McuEmulatorOptions options, IMcuPlant plant, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _plant = plant;
        Emulator = Boot(options);
    }

    /// <summary>The emulated MCU on the other end of the cable.</summary>
    public McuEmulator Emulator { get; private set; }

    /// <summary>False cuts the cable in both directions (the <c>link-down</c> fault).</summary>
    public bool Connected
    {
        get => HostToMcu && McuToHost;
        set => HostToMcu = McuToHost = value;
    }

    /// <summary>False cuts only the host's transmit line.</summary>
    public bool HostToMcu { get; set; } = true;

    /// <summary>False cuts only the MCU's transmit line: the host hears nothing, the MCU still hears the host.</summary>
    public bool McuToHost { get; set; } = true;

    /// <summary>When set, corrupts bytes in both directions (the <c>link-noise</c> fault).</summary>
    public LineNoise? Noise { get; set; }

    public PortCounters Counters => _receiver.Counters;

    /// <summary>Reboots the MCU with <paramref name="options"/> (a reset, a power cut, a killed emulator).</summary>
    public McuEmulator Reboot(McuEmulatorOptions options) => Emulator = Boot(options);

    public void Send(ReadOnlySpan<byte> wireFrame)
    {
        if (HostToMcu)
        {
            Emulator.Receive(Corrupt(wireFrame));
        }
    }

    public void Drain(List<McuFrame> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.AddRange(_inbox);
        _inbox.Clear();
    }

    public void Dispose()
    {
    }

    private McuEmulator Boot(McuEmulatorOptions options) => new(options, _plant, bytes =>
    {
        if (McuToHost)
        {
            _receiver.Receive(Corrupt(bytes), _time.GetTimestamp(), _inbox.Add);
        }
    });

    private ReadOnlySpan<byte> Corrupt(ReadOnlySpan<byte> bytes)
    {
        if (Noise is null || Noise.IsQuiet)
        {
            return bytes;
        }

        var noisy = new List<byte>(bytes.Length);
        Noise.Apply(bytes, noisy);
        return noisy.ToArray();
    }
}
